import { createTRPCClient } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { KioskBridge } from '../../api/ipc-bridge';
import type { AppRouter } from '../../api/router';
import { callFailure, settle, settleRefusal } from './call-failure';
import { ipcLink } from './ipc-link';

// Under Electron the main process answers a refused input as { code: 'BAD_REQUEST' }
// (main/ipc-api-bridge.ts errorOf); the screens must hear "check what you entered", not
// "the kiosk did not answer". Over HTTP the same is proven against the real host in
// tests/e2e/host-hardening.e2e.ts.
function clientAnswering(error: { message: string; code: string } | Error) {
  const bridge: KioskBridge = {
    invoke: () => (error instanceof Error ? Promise.reject(error) : Promise.resolve({ ok: false, error })),
    subscribe: () => () => undefined,
  };
  return createTRPCClient<AppRouter>({ links: [ipcLink(bridge)] });
}

describe('why a call failed, as the screens tell it', () => {
  it('a refusal of the input over IPC is invalid-input', async () => {
    const api = clientAnswering({ message: 'Invalid input', code: 'BAD_REQUEST' });
    const e = await api.journey.startSession.mutate({ lang: 'vi' }).catch((x: unknown) => x);
    expect(callFailure(e)).toEqual({ code: 'invalid-input' });
  });

  it('an internal failure or a broken bridge is network (wait and try again)', async () => {
    const internal = await clientAnswering({ message: 'internal error', code: 'INTERNAL_SERVER_ERROR' })
      .journey.startSession.mutate({ lang: 'vi' })
      .catch((x: unknown) => x);
    expect(callFailure(internal)).toEqual({ code: 'network' });
    const broken = await clientAnswering(new Error('bridge gone')).journey.startSession.mutate({ lang: 'vi' }).catch((x: unknown) => x);
    expect(callFailure(broken)).toEqual({ code: 'network' });
    expect(callFailure(new TypeError('x is undefined'))).toEqual({ code: 'network' });
  });

  it('settle turns the throw into the Result a screen already handles', async () => {
    const r = await settle(clientAnswering({ message: 'Invalid input', code: 'BAD_REQUEST' }).lookup.find.mutate({ code: 'H26' }));
    expect(r).toEqual({ ok: false, error: { code: 'invalid-input' } });
  });

  it("settleRefusal (the journey's actors): a refusal is the Result error invalid-input, any other throw goes on", async () => {
    const refused = await settleRefusal(clientAnswering({ message: 'Invalid input', code: 'BAD_REQUEST' }).journey.startSession.mutate({ lang: 'vi' }));
    expect(refused).toEqual({ ok: false, error: { code: 'invalid-input' } });
    const down = settleRefusal(clientAnswering(new Error('bridge gone')).journey.startSession.mutate({ lang: 'vi' }));
    await expect(down).rejects.toThrow('bridge gone');
    const internal = settleRefusal(clientAnswering({ message: 'internal error', code: 'INTERNAL_SERVER_ERROR' }).journey.startSession.mutate({ lang: 'vi' }));
    await expect(internal).rejects.toThrow('internal error');
  });
});
