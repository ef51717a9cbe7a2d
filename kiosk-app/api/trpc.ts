import { initTRPC } from '@trpc/server';
import type { KioskCore } from '../core/kiosk-core';

/** Per-call context: the core, and which transport the call came through. */
export interface ApiContext {
  readonly core: KioskCore;
  readonly transport: 'ipc' | 'http' | 'ws' | 'test';
}

const t = initTRPC.context<ApiContext>().create({ isServer: true });

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
