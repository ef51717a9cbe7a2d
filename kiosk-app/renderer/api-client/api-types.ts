import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../api/router';

// What the api answers and takes, read from the router itself (a type import: no api code
// reaches the window). The renderer never re-declares an answer's shape by hand, so a field
// the api adds or changes is seen here by the compiler.

/** Every procedure's answer, by router and procedure: `ApiOutputs['journey']['readCard']`. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;
/** Every procedure's input, as the client may send it (defaults still optional). */
export type ApiInputs = inferRouterInputs<AppRouter>;

/** The value of a Result-answering call when it went well. */
export type ValueOf<R> = R extends { readonly ok: true; readonly value?: infer V } ? V : never;
/** The typed error of a Result-answering call when it did not. */
export type ErrorOf<R> = R extends { readonly ok: false; readonly error: infer E } ? E : never;
