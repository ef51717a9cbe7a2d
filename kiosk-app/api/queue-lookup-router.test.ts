import { describe, expect, it } from 'vitest';
import type { KioskCore } from '../core/kiosk-core';
import type { LookupService } from '../core/lookup/lookup-service';
import type { QueueService } from '../core/queue/queue-service';
import { lookupRouter } from './lookup-router';
import { queueRouter } from './queue-router';
import { createCallerFactory, inProcessContext, type ApiContext } from './trpc';

// The boundary: untrusted input is refused before it reaches the core, and a call made while
// the core is still starting waits for it instead of failing.

const calls: unknown[] = [];
const queue = {
  identifyTyped: (input: unknown) => (calls.push(input), { ok: true, value: { holderRef: 'x' } }),
} as unknown as QueueService;
const lookup = { find: async (code: string) => (calls.push(code), { ok: false, error: { code: 'not-found' } }) } as unknown as LookupService;
const core = { queue, lookup } as unknown as KioskCore;
const q = createCallerFactory(queueRouter)(inProcessContext(core));
const l = createCallerFactory(lookupRouter)(inProcessContext(core));

describe('queue and look-up api', () => {
  it('passes valid input through and refuses malformed ID numbers, dates, fields and codes', async () => {
    expect(await q.identifyTyped({ idNumber: '001090123456', dateOfBirth: '1990-01-01' })).toEqual({ ok: true, value: { holderRef: 'x' } });
    await expect(q.identifyTyped({ idNumber: '00109012345' })).rejects.toThrow();
    await expect(q.identifyTyped({ idNumber: '001090123456', dateOfBirth: '01/01/1990' })).rejects.toThrow();
    await expect(q.take({ holderRef: 'not-a-uuid', branchCode: 'CN01', field: 'ho-tich', lang: 'vi' })).rejects.toThrow();
    await expect(q.take({ holderRef: '0195a0b2-0000-7000-8000-000000000000', branchCode: 'CN01', field: '../x', lang: 'vi' })).rejects.toThrow();
    expect(await l.find({ code: '  H26.99-261123-0001 ' })).toEqual({ ok: false, error: { code: 'not-found' } });
    await expect(l.find({ code: '<img src=x>' })).rejects.toThrow();
    expect(calls).toEqual([{ idNumber: '001090123456', dateOfBirth: '1990-01-01' }, 'H26.99-261123-0001']);
  });

  it('a call made while the core is starting waits for it, then answers', async () => {
    let started!: (c: KioskCore) => void;
    const starting: ApiContext = { ...inProcessContext(core), core: new Promise<KioskCore>((r) => (started = r)) };
    const answer = createCallerFactory(lookupRouter)(starting).find({ code: 'K-ABCDE-12345' });
    started(core);
    expect(await answer).toEqual({ ok: false, error: { code: 'not-found' } });
    expect(calls.at(-1)).toBe('K-ABCDE-12345');
  });
});
