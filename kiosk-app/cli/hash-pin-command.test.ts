import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config/config-loader';
import { MaintenanceLock } from '../core/maintenance/maintenance-pin';
import { ManualClock } from '../../common/clock';
import { makePinHash, readPin, registerHashPinCommand, type PinInput } from './hash-pin-command';

function pipe(text: string, end = true): PinInput {
  const s = new PassThrough();
  s.write(text);
  if (end) s.end();
  return s;
}

/** A terminal: raw mode is recorded, keys arrive one chunk at a time. */
function tty(...keys: string[]): PinInput & { raw: boolean[] } {
  const s = new PassThrough() as unknown as PinInput & { raw: boolean[]; isTTY: boolean };
  s.isTTY = true;
  s.raw = [];
  s.setRawMode = (mode: boolean) => s.raw.push(mode);
  let i = 0;
  const feed = () => {
    if (i < keys.length) (s as unknown as PassThrough).write(keys[i++]!);
    if (i < keys.length) setTimeout(feed, 5);
  };
  setTimeout(feed, 5);
  return s;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('kiosk hash-pin', () => {
  it('round trip: the printed hash passes the config and opens the lock with that PIN only', async () => {
    const out: string[] = [];
    const msgs: string[] = [];
    const program = new Command('kiosk').exitOverride();
    registerHashPinCommand(program, { input: pipe('482913\nignored second line\n'), out: (s) => out.push(s), err: (s) => msgs.push(s) });
    await program.parseAsync(['node', 'kiosk', 'hash-pin']);
    expect(process.exitCode).toBeUndefined();
    expect(out).toHaveLength(1);
    const hash = out[0]!.trim();
    expect(hash).toMatch(/^scrypt\$16384\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('482913');
    expect(msgs.join('')).toContain(`"pinHash": "${hash}"`);

    const config = parseConfig({ maintenance: { pinHash: hash } }, process.cwd(), { demo: true });
    if (!config.ok) throw new Error(config.error.message);
    const lock = new MaintenanceLock(config.value.maintenance.pinHash, new ManualClock(), 5, 60_000);
    expect(await lock.unlock('window', '482914')).toMatchObject({ ok: false, code: 'wrong-pin' });
    expect(await lock.unlock('window', '482913')).toEqual({ ok: true });
  });

  it('refuses what the PIN pad could not type, and a cost outside the floor', async () => {
    for (const pin of ['123', '1234567890123', '12a4', '', '12 34']) expect(await makePinHash(pin)).toMatchObject({ ok: false, error: { code: 'invalid-pin' } });
    expect(await makePinHash('1234', 8192)).toMatchObject({ ok: false, error: { code: 'bad-cost', message: expect.stringMatching(/^--cost: scrypt cost N=8192 is below the floor 16384/) } });
    expect(await makePinHash('1234', 2 ** 21)).toMatchObject({ ok: false, error: { code: 'bad-cost' } });
    expect(await makePinHash('1234', 30000)).toMatchObject({ ok: false, error: { code: 'bad-cost' } });
    const r = await makePinHash('1234', 2 ** 15);
    expect(r.ok && r.value).toMatch(/^scrypt\$32768\$/);

    const msgs: string[] = [];
    const out: string[] = [];
    const program = new Command('kiosk').exitOverride();
    registerHashPinCommand(program, { input: pipe('12ab\n'), out: (s) => out.push(s), err: (s) => msgs.push(s) });
    await program.parseAsync(['node', 'kiosk', 'hash-pin']);
    expect(process.exitCode).toBe(2);
    expect(out).toEqual([]);
    expect(msgs.join('')).toContain('4 to 12 digits');
  });

  it('reads the first line of a pipe, with or without a line ending; nothing is an error', async () => {
    expect(await readPin(pipe('2468\r\n'), () => undefined)).toEqual({ ok: true, value: '2468' });
    expect(await readPin(pipe('97531'), () => undefined)).toEqual({ ok: true, value: '97531' });
    expect(await readPin(pipe('135790\n', false), () => undefined)).toEqual({ ok: true, value: '135790' });
    expect(await readPin(pipe(''), () => undefined)).toMatchObject({ ok: false, error: { code: 'no-input' } });
  });

  it('at a terminal: no echo (raw mode, only the prompts are written), asked twice, backspace works', async () => {
    const written: string[] = [];
    const input = tty('24', '69', '\u007f', '8', '1', '0', '\r', '246810\r');
    expect(await readPin(input, (s) => written.push(s))).toEqual({ ok: true, value: '246810' });
    expect(input.raw).toEqual([true, false, true, false]);
    // Only the prompts and the line ends: not a digit of the PIN, not a mask.
    expect(written.join('')).toBe('New maintenance PIN (4–12 digits): \nThe same PIN again: \n');

    expect(await readPin(tty('1234\r', '4321\r'), () => undefined)).toMatchObject({ ok: false, error: { code: 'mismatch' } });
    expect(await readPin(tty('12\u0003'), () => undefined)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
