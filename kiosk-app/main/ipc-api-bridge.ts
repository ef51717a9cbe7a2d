import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import * as z from 'zod';
import { appRouter, type AppRouter } from '../api/router';
import { createCallerFactory } from '../api/trpc';
import type { KioskConfig } from '../core/config/config-schema';
import type { KioskCore } from '../core/kiosk-core';
import { IPC_EVENT, IPC_INVOKE, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE, isAppUrl } from './ipc-channels';

// Transport 1: the same tRPC router over Electron IPC. Every message's sender frame is
// checked (our origin, the main frame of our window) before anything runs, and the
// procedure path is looked up in the router, never used to index arbitrary objects.

const invokeSchema = z.object({ type: z.enum(['query', 'mutation']), path: z.string().max(100), input: z.unknown() });
const subscribeSchema = z.object({ id: z.number().int().nonnegative(), path: z.string().max(100), input: z.unknown() });

type Procedures = AppRouter['_def']['procedures'];

function isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent, window: WebContents): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender !== window || frame !== window.mainFrame) return false;
  return isAppUrl(frame.url);
}

function errorOf(e: unknown): { message: string; code: string } {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'INTERNAL_SERVER_ERROR';
  return { message: e instanceof Error ? e.message : String(e), code };
}

export function registerIpcApi(ipcMain: IpcMain, window: WebContents, kiosk: { config: KioskConfig; core: KioskCore | Promise<KioskCore>; windowShown: () => void }): () => void {
  const caller = createCallerFactory(appRouter)({ config: kiosk.config, core: kiosk.core, transport: 'ipc', source: 'window', windowShown: kiosk.windowShown });
  const procedures = appRouter._def.procedures as Procedures;
  const subscriptions = new Map<number, AbortController>();

  const resolve = (path: string, type: 'query' | 'mutation' | 'subscription') => {
    const proc = (procedures as unknown as Record<string, { _def: { type: string } } | undefined>)[path];
    if (!proc || proc._def.type !== type) return null;
    let target: unknown = caller;
    for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
    return target as (input: unknown, opts?: { signal: AbortSignal }) => Promise<unknown>;
  };

  ipcMain.handle(IPC_INVOKE, async (event, raw: unknown) => {
    if (!isTrustedSender(event, window)) return { ok: false, error: { message: 'forbidden', code: 'FORBIDDEN' } };
    const op = invokeSchema.safeParse(raw);
    if (!op.success) return { ok: false, error: { message: 'malformed request', code: 'BAD_REQUEST' } };
    const fn = resolve(op.data.path, op.data.type);
    if (!fn) return { ok: false, error: { message: 'no such procedure', code: 'NOT_FOUND' } };
    try {
      return { ok: true, data: await fn(op.data.input) };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  });

  const onSubscribe = (event: IpcMainEvent, raw: unknown) => {
    if (!isTrustedSender(event, window)) return;
    const op = subscribeSchema.safeParse(raw);
    if (!op.success) return;
    const { id, path, input } = op.data;
    const fn = resolve(path, 'subscription');
    if (!fn || subscriptions.has(id)) return;
    const abort = new AbortController();
    subscriptions.set(id, abort);
    void (async () => {
      try {
        const iterable = (await fn(input, { signal: abort.signal })) as AsyncIterable<unknown>;
        for await (const data of iterable) {
          if (abort.signal.aborted || window.isDestroyed()) break;
          window.send(IPC_EVENT, { id, type: 'data', data });
        }
        if (!window.isDestroyed()) window.send(IPC_EVENT, { id, type: 'stopped' });
      } catch (e) {
        if (!abort.signal.aborted && !window.isDestroyed()) window.send(IPC_EVENT, { id, type: 'error', error: errorOf(e) });
      } finally {
        subscriptions.delete(id);
      }
    })();
  };
  const onUnsubscribe = (event: IpcMainEvent, id: unknown) => {
    if (!isTrustedSender(event, window) || typeof id !== 'number') return;
    subscriptions.get(id)?.abort();
  };
  ipcMain.on(IPC_SUBSCRIBE, onSubscribe);
  ipcMain.on(IPC_UNSUBSCRIBE, onUnsubscribe);

  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    ipcMain.off(IPC_SUBSCRIBE, onSubscribe);
    ipcMain.off(IPC_UNSUBSCRIBE, onUnsubscribe);
    for (const a of subscriptions.values()) a.abort();
  };
}
