import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../common/result';
import type { Identity } from '../session/citizen-session';
import { consentedSession, deviceError, whileWaiting, type JourneyDeps, type JourneyError } from './journey-context';

// Who the citizen is: typed, read from the card's QR, or from its MRZ on the scanner. What
// the screen gets back is a summary with the ID number masked.

export interface IdentitySummary {
  readonly fullName: string;
  /** Shown masked so people behind the citizen cannot read it. */
  readonly idNumberMasked: string;
  readonly dateOfBirth: string;
  readonly sex: 'male' | 'female' | null;
  readonly address: string | null;
  readonly source: Identity['source'];
}

export function maskIdNumber(id: string): string {
  return id.length === 12 ? `${id.slice(0, 3)}******${id.slice(9)}` : '************';
}

/** Whether two names are the same person's as people write them: case, spacing and Unicode form aside. */
export function sameName(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return fold(a) === fold(b);
}

export function summarizeIdentity(i: Identity): IdentitySummary {
  return { fullName: i.fullName, idNumberMasked: maskIdNumber(i.idNumber), dateOfBirth: i.dateOfBirth, sex: i.sex, address: i.address, source: i.source };
}

export class IdentitySteps {
  constructor(private readonly d: JourneyDeps) {}

  /** A card read in progress per session, so a new read or the end of the session stops it. */
  readonly #cardReads = new Map<string, AbortController>();

  typedIdentity(sessionId: string, input: Omit<Identity, 'source' | 'oldIdNumber' | 'issueDate' | 'expiryDate'>): Result<IdentitySummary, JourneyError> {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    const identity: Identity = { ...input, oldIdNumber: null, issueDate: null, expiryDate: null, source: 'typed' };
    s.value.identity = identity;
    return ok(summarizeIdentity(identity));
  }

  async readCard(sessionId: string, timeoutMs: number): Promise<Result<IdentitySummary, JourneyError>> {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    this.#cardReads.get(sessionId)?.abort();
    const controller = new AbortController();
    this.#cardReads.set(sessionId, controller);
    const r = await whileWaiting(this.d, s.value, () => this.d.idReader.readCard(timeoutMs, controller.signal));
    if (this.#cardReads.get(sessionId) === controller) this.#cardReads.delete(sessionId);
    if (!r.ok) return err(deviceError('idreader', r.error));
    // The session may have ended while the reader waited: nothing is kept then.
    if (controller.signal.aborted || this.d.sessions.get(sessionId) !== s.value) return err({ code: 'no-session' });
    s.value.identity = r.value;
    return ok(summarizeIdentity(r.value));
  }

  /** Stops waiting for a card (the citizen chose another way to identify, or the session ended). */
  cancelCardRead(sessionId: string): void {
    this.#cardReads.get(sessionId)?.abort();
    this.#cardReads.delete(sessionId);
  }

  async readMrz(sessionId: string): Promise<Result<IdentitySummary, JourneyError>> {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-mrz-'));
    s.value.tempDirs.push(dir);
    const r = await whileWaiting(this.d, s.value, () => this.d.scanner.readMrz(dir));
    if (!r.ok) return err(deviceError('scanner', r.error));
    s.value.identity = r.value;
    return ok(summarizeIdentity(r.value));
  }
}
