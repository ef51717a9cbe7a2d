import { initTRPC } from '@trpc/server';
import type { KioskCore } from '../core/kiosk-core';

/** Per-call context: the core, and which transport the call came through. */
export interface ApiContext {
  readonly core: KioskCore;
  readonly transport: 'ipc' | 'http' | 'ws' | 'test';
  /**
   * Who is calling, for limits kept per caller (the maintenance PIN lockout): 'window' is the
   * kiosk's own window (over IPC, or over the host with its token).
   */
  readonly source: string;
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
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
