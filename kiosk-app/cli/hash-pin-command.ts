// `kiosk hash-pin`: turns a technician PIN into the scrypt hash the config's
// maintenance.pinHash holds. The PIN is read from stdin — typed without echo (and asked twice)
// at a terminal, or the first line of a pipe — and is never an argument, so it stays out of
// the shell history and the process list. Only the hash goes to stdout.
import { Option, type Command } from 'commander';
import { err, ok, type Result } from '../../common/result';
import { checkPinFormat, checkScryptParams, hashPin, parsePinHash, SCRYPT_MIN_N, verifyPin } from '../core/maintenance/maintenance-pin';

export interface PinInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export type HashPinError =
  | { readonly code: 'invalid-pin' | 'mismatch' | 'cancelled' | 'no-input' | 'bad-cost'; readonly message: string };

/** The first line of a pipe (without its line ending), or null at end of input with nothing read. */
function readLine(input: PinInput): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (value: string | null) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) done(text.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = () => done(text === '' ? null : text.replace(/\r$/, ''));
    const onError = (e: Error) => {
      input.off('data', onData);
      input.off('end', onEnd);
      reject(e);
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}

/** One PIN typed at a terminal in raw mode: nothing is echoed; Enter ends it, Ctrl-C cancels. */
function readHidden(input: PinInput, prompt: string, write: (s: string) => void): Promise<string | null> {
  return new Promise((resolve) => {
    let pin = '';
    write(prompt);
    input.setRawMode?.(true);
    const finish = (value: string | null) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(pin);
        if (ch === '\u0003') return finish(null);
        if (ch === '\u007f' || ch === '\b') pin = pin.slice(0, -1);
        else pin += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** Reads the PIN: hidden and asked twice at a terminal, the first line from a pipe. */
export async function readPin(input: PinInput, write: (s: string) => void): Promise<Result<string, HashPinError>> {
  if (!input.isTTY) {
    const line = await readLine(input);
    return line === null ? err({ code: 'no-input', message: 'No PIN on stdin.' }) : ok(line.trim());
  }
  const first = await readHidden(input, 'New maintenance PIN (4–12 digits): ', write);
  if (first === null) return err({ code: 'cancelled', message: 'Cancelled.' });
  const format = checkPinFormat(first);
  if (!format.ok) return format;
  const again = await readHidden(input, 'The same PIN again: ', write);
  if (again === null) return err({ code: 'cancelled', message: 'Cancelled.' });
  if (again !== first) return err({ code: 'mismatch', message: 'The two PINs differ; nothing was made.' });
  return ok(first);
}

/**
 * The hash for maintenance.pinHash: checks the PIN as the pad does, hashes it at cost N, and
 * checks the result the way the kiosk will read it (config floor, then the PIN verifies).
 */
export async function makePinHash(pin: string, N: number = SCRYPT_MIN_N): Promise<Result<string, HashPinError>> {
  const format = checkPinFormat(pin);
  if (!format.ok) return format;
  const cost = checkScryptParams(N);
  if (!cost.ok) return err({ code: 'bad-cost', message: `--cost: ${cost.error.detail}` });
  const hash = await hashPin(pin, undefined, { N });
  // Never print a hash the kiosk would refuse or that would not open with this PIN.
  if (!parsePinHash(hash).ok || !(await verifyPin(pin, hash))) throw new Error('hash-pin: the new hash does not verify');
  return ok(hash);
}

export interface HashPinIo {
  readonly input?: PinInput;
  /** The hash (stdout). */
  readonly out?: (s: string) => void;
  /** Prompts and messages (stderr). */
  readonly err?: (s: string) => void;
}

export function registerHashPinCommand(program: Command, io: HashPinIo = {}): Command {
  return program
    .command('hash-pin')
    .description('make the maintenance.pinHash for a technician PIN (the PIN is read from stdin, never an argument)')
    .addOption(
      new Option('--cost <N>', 'scrypt cost N, a power of two from 16384 (2^14) to 1048576 (2^20)').default(SCRYPT_MIN_N).argParser((v) => Number(v)),
    )
    .action(async (opts: { cost: number }) => {
      const input = io.input ?? process.stdin;
      const out = io.out ?? ((s: string) => void process.stdout.write(s));
      const msg = io.err ?? ((s: string) => void process.stderr.write(s));
      const pin = await readPin(input, msg);
      const hash = pin.ok ? await makePinHash(pin.value, opts.cost) : pin;
      if (!hash.ok) {
        msg(`✖ ${hash.error.message}\n`);
        process.exitCode = 2;
        return;
      }
      out(`${hash.value}\n`);
      msg(`Put it in the kiosk config: "maintenance": { "pinHash": "${hash.value}" }\n`);
    });
}
