import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { sessionMachineWith } from './session-machine';

const timings = { idleTimeoutMs: 90_000, warningMs: 15_000 };

describe('session machine', () => {
  it('warns 15 s before the idle timeout, then wipes the screens and returns to attract', () => {
    vi.useFakeTimers();
    const actor = createActor(sessionMachineWith(timings)).start();
    actor.send({ type: 'START' });
    actor.send({ type: 'NAVIGATE', screen: { name: 'procedure', code: '1.001193' } });
    vi.advanceTimersByTime(74_900);
    expect(actor.getSnapshot().value).toBe('active');
    vi.advanceTimersByTime(200);
    expect(actor.getSnapshot().value).toBe('warning');
    vi.advanceTimersByTime(15_000);
    const s = actor.getSnapshot();
    expect(s.value).toBe('attract');
    expect(s.context.stack).toEqual([]);
    expect(s.context.endedBy).toBe('timeout');
    vi.useRealTimers();
  });

  it('any touch restarts the idle timer while active', () => {
    vi.useFakeTimers();
    const actor = createActor(sessionMachineWith(timings)).start();
    actor.send({ type: 'START' });
    vi.advanceTimersByTime(70_000);
    actor.send({ type: 'ACTIVITY' });
    vi.advanceTimersByTime(70_000);
    expect(actor.getSnapshot().value).toBe('active');
    vi.useRealTimers();
  });

  it('during the warning only "continue" keeps the session; a stray touch does not dismiss it', () => {
    vi.useFakeTimers();
    const actor = createActor(sessionMachineWith(timings)).start();
    actor.send({ type: 'START' });
    vi.advanceTimersByTime(80_000);
    expect(actor.getSnapshot().value).toBe('warning');
    actor.send({ type: 'ACTIVITY' });
    expect(actor.getSnapshot().value).toBe('warning');
    actor.send({ type: 'CONTINUE' });
    vi.advanceTimersByTime(70_000);
    expect(actor.getSnapshot().value).toBe('active');
    vi.useRealTimers();
  });

  it('each session gets a new number so no state of the previous one survives', () => {
    const actor = createActor(sessionMachineWith(timings)).start();
    actor.send({ type: 'START' });
    actor.send({ type: 'FINISH' });
    actor.send({ type: 'START' });
    expect(actor.getSnapshot().context.sessionNumber).toBe(2);
    expect(actor.getSnapshot().context.stack).toEqual([{ name: 'language' }]);
  });

  it('back never empties the stack; home resets it', () => {
    const actor = createActor(sessionMachineWith(timings)).start();
    actor.send({ type: 'START' });
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().context.stack).toHaveLength(1);
    actor.send({ type: 'NAVIGATE', screen: { name: 'search' } });
    actor.send({ type: 'HOME' });
    expect(actor.getSnapshot().context.stack).toEqual([{ name: 'home' }]);
  });
});
