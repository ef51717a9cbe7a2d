import { initTRPC } from '@trpc/server';
import type { KioskConfig } from '../core/config/config-schema';
import type { KioskCore } from '../core/kiosk-core';

/** Per-call context: the configuration, the core, and which transport the call came through. */
export interface ApiContext {
  /** Known from the first moment: what the attract screen needs (system.info) comes from it alone. */
  readonly config: KioskConfig;
  /**
   * The core, or its start still under way: the window opens as soon as the host listens, so a
   * call may come before the devices and the outbox are up; it waits for them (withCore).
   */
  readonly core: KioskCore | Promise<KioskCore>;
  readonly transport: 'ipc' | 'http' | 'ws' | 'test';
  /**
   * Who is calling, for limits kept per caller (the maintenance PIN lockout): 'window' is the
   * kiosk's own window (over IPC, or over the host with its token).
   */
  readonly source: string;
  /**
   * The window reports its attract screen painted: the shell starts the core after that
   * (core/boot/window-first.ts). Ignored after the first time.
   */
  readonly windowShown: () => void;
}

/** What a caller sees of a failed call: never a stack, a file path or an internal message. */
export interface ApiErrorData {
  readonly code: string;
  readonly httpStatus: number;
}

const t = initTRPC.context<ApiContext>().create({
  isServer: true,
  // Production shape everywhere: tRPC's development mode puts stacks and paths in answers.
  isDev: false,
  errorFormatter: ({ shape, error }) => ({
    code: shape.code,
    // An internal failure's message can name files and modules; the log keeps it, not the answer.
    message: error.code === 'INTERNAL_SERVER_ERROR' ? 'internal error' : shape.message,
    data: { code: shape.data.code, httpStatus: shape.data.httpStatus } satisfies ApiErrorData,
  }),
});

export const router = t.router;
/** A procedure that needs the core: it waits for the core's start to finish, then runs with it. */
export const publicProcedure = t.procedure.use(async ({ ctx, next }) => next({ ctx: { core: await ctx.core } }));
/**
 * A procedure of one service's router: the middleware hands it that service as `ctx.<name>`,
 * so the router reads nothing else of the core, and its tests build only that service.
 */
export function serviceProcedure<K extends keyof KioskCore>(name: K) {
  return publicProcedure.use(({ ctx, next }) => next({ ctx: { [name]: ctx.core[name] } as { readonly [P in K]: KioskCore[P] } }));
}
/** A procedure answered from the configuration alone, before the core has started (the attract screen's). */
export const bootProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** The context of an in-process caller (tests, benches) over a core already started. */
export function inProcessContext(core: KioskCore, source = 'test'): ApiContext {
  return { config: core.config, core, transport: 'test', source, windowShown: () => undefined };
}
