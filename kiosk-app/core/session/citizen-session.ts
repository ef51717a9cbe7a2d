import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Clock } from '../../../common/clock';
import type { CccdIdentity } from '../../../device-drivers/id-reader/id-reader-types';

// What the core holds of one citizen while they use the kiosk: consent, identity,
// scanned pages. Only here, only in memory (scans in a temp folder), and wiped when the
// session ends or expires — what was submitted lives on only in the encrypted outbox.

export type Identity = CccdIdentity;

export interface ScannedPaper {
  readonly paperId: string;
  readonly pages: ReadonlyArray<{ readonly file: string; readonly previewPng: Buffer; readonly blank: boolean; readonly readable: boolean | null }>;
}

export interface Consent {
  readonly noticeVersion: string;
  readonly at: string;
  /** Assisted mode: the reference of the consent the citizen gave by presenting their own card (audited; sent in onBehalfOf). */
  readonly ref?: string;
}

/** A session a staff member runs with the citizen beside them (community point, bus). */
export interface AssistedSession {
  /** The booking it was opened from, if any: the card presented must be that citizen's. */
  readonly appointmentId?: string;
  readonly expected?: { readonly maskedId: string; readonly fullName: string };
}

export interface CitizenSession {
  readonly id: string;
  readonly startedAt: number;
  lastSeen: number;
  consent?: Consent;
  identity?: Identity;
  papers: Map<string, ScannedPaper>;
  /** Folders to delete when the session ends. */
  tempDirs: string[];
  lang: string;
  /** Reserved before paying so the payment and the dossier share one id. */
  dossierId?: string;
  paymentId?: string;
  /** Waits under way (a payment, a card read): the citizen is still here though no call comes. */
  holds: number;
  /** Set when a staff member opened the session for the citizen (assisted mode). */
  assisted?: AssistedSession;
}

export class SessionStore {
  readonly #sessions = new Map<string, CitizenSession>();

  constructor(
    private readonly clock: Clock,
    /** A session untouched this long is wiped even if the renderer never said so. */
    private readonly maxIdleMs: number,
  ) {}

  start(lang: string): CitizenSession {
    this.expire();
    const now = this.clock.now().getTime();
    const s: CitizenSession = { id: randomUUID(), startedAt: now, lastSeen: now, papers: new Map(), tempDirs: [], lang, holds: 0 };
    this.#sessions.set(s.id, s);
    return s;
  }

  get(id: string): CitizenSession | undefined {
    this.expire();
    const s = this.#sessions.get(id);
    if (s) s.lastSeen = this.clock.now().getTime();
    return s;
  }

  /**
   * Keeps a session alive while the kiosk waits on the citizen's behalf (the bank app, the
   * card terminal, the reader): one long call touches the session only when it begins.
   * The returned release counts as the citizen's last sign of life.
   */
  hold(s: CitizenSession): () => void {
    s.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      s.holds -= 1;
      s.lastSeen = this.clock.now().getTime();
    };
  }

  /** Is this session (still) open? Does not count as a sign of life. */
  isOpen(id: string): boolean {
    this.expire();
    return this.#sessions.has(id);
  }

  /** Sessions still open, e.g. to tell a citizen still at the kiosk from one who left. */
  openSessions(): readonly CitizenSession[] {
    this.expire();
    return [...this.#sessions.values()];
  }

  end(id: string): boolean {
    const s = this.#sessions.get(id);
    if (!s) return false;
    wipe(s);
    this.#sessions.delete(id);
    return true;
  }

  endAll(): void {
    for (const id of [...this.#sessions.keys()]) this.end(id);
  }

  count(): number {
    return this.#sessions.size;
  }

  private expire(): void {
    const now = this.clock.now().getTime();
    for (const [id, s] of this.#sessions) if (s.holds === 0 && now - s.lastSeen > this.maxIdleMs) this.end(id);
  }
}

function wipe(s: CitizenSession): void {
  s.identity = undefined;
  s.consent = undefined;
  for (const paper of s.papers.values()) for (const page of paper.pages) page.previewPng.fill(0);
  s.papers.clear();
  for (const dir of s.tempDirs) rmSync(dir, { recursive: true, force: true });
  s.tempDirs = [];
}
