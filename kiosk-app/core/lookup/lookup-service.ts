import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { CityStatus, DossierView, Outbox, SyncWorker } from '../../../offline-sync';
import type { CatalogService } from '../catalog/catalog-service';
import type { LocalizedText } from '../catalog/catalog-schema';
import type { PaperScanner, ScannedPage } from '../dossier/journey-ports';

// Looking a dossier up by the code on its receipt (typed, or read from the receipt's QR):
// where it is — still on this kiosk, at the city, waiting for papers, ready — and what the
// citizen does next. When the city asks for more papers, the citizen scans them here and
// they go as a supplement of the same dossier. Nothing personal is shown or logged.

export type LookupState = 'saved-on-kiosk' | 'sending' | 'kiosk-problem' | CityStatus;
export type NextStep = 'wait-sending' | 'wait' | 'add-papers' | 'pay' | 'collect' | 'ask-counter' | 'none';

export interface DossierStatusView {
  /** The code as printed now: the city's receipt code once known, else the kiosk's reference. */
  readonly code: string;
  readonly procedure: { readonly code: string; readonly name: LocalizedText; readonly agency: LocalizedText } | null;
  readonly state: LookupState;
  readonly statusCode: number | null;
  /** What the city wrote with the status (e.g. which paper is missing). */
  readonly note: string | null;
  readonly submittedAt: string;
  readonly updatedAt: string | null;
  readonly appointmentDate: string | null;
  readonly nextStep: NextStep;
  readonly canSupplement: boolean;
  /** Extra papers given at a kiosk since the city asked for them. */
  readonly supplement: 'none' | 'waiting-to-send' | 'sent';
  /** Whether the kiosk reached the city just now (null: not known yet). */
  readonly online: boolean | null;
}

export interface SupplementPagePreview {
  readonly index: number;
  readonly previewDataUrl: string;
  readonly blank: boolean;
  readonly readable: boolean | null;
}

export type LookupError =
  | { code: 'invalid-code' }
  | { code: 'not-found' }
  | { code: 'no-supplement-requested' }
  | { code: 'supplement-already-sent' }
  | { code: 'draft-expired' }
  | { code: 'no-pages' }
  | { code: 'storage' }
  | { code: 'device'; device: 'scanner'; reason: string };

export interface LookupService {
  find(code: string): Promise<Result<DossierStatusView, LookupError>>;
  startSupplement(code: string): Result<{ draftId: string; code: string }, LookupError>;
  scanSupplementPage(draftId: string): Promise<Result<SupplementPagePreview[], LookupError>>;
  removeSupplementPage(draftId: string, index: number): Result<SupplementPagePreview[], LookupError>;
  sendSupplement(draftId: string): Promise<Result<{ code: string; pages: number; sentToCity: boolean }, LookupError>>;
  discardSupplement(draftId: string): void;
}

export interface LookupServiceDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly outbox: Outbox;
  readonly worker: Pick<SyncWorker, 'runOnce' | 'getState'>;
  readonly catalog: CatalogService;
  readonly scanner: PaperScanner;
  /** How long a look-up waits for fresh news from the city (default 3 s). */
  readonly refreshTimeoutMs?: number;
  /** How long "send" waits to tell the citizen the city has the papers (default 5 s). */
  readonly sendWaitMs?: number;
}

const DRAFT_TTL_MS = 15 * 60_000;
const CODE = /^[A-Za-z0-9.\- ]{4,40}$/;

/** A city receipt code typed without its dots and dashes ("H269926112300 01") in canonical form. */
export function canonicalCityCode(input: string): string | null {
  const m = /^H26(\d{2})(\d{6})(\d{4,})$/.exec(input.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  return m ? `H26.${m[1]}-${m[2]}-${m[3]}` : null;
}

function stateOf(d: DossierView): LookupState {
  if (d.delivery === 'rejected') return 'kiosk-problem';
  if (d.delivery === 'pending') return 'saved-on-kiosk';
  if (d.delivery === 'sending') return 'sending';
  return (d.cityStatus as CityStatus | null) ?? 'received';
}

function nextStepOf(state: LookupState, supplement: DossierStatusView['supplement']): NextStep {
  switch (state) {
    case 'saved-on-kiosk':
    case 'sending':
      return 'wait-sending';
    case 'kiosk-problem':
    case 'not_accepted':
    case 'stopped':
      return 'ask-counter';
    case 'needs_supplement':
      return supplement === 'none' ? 'add-papers' : 'wait';
    case 'needs_payment':
      return 'pay';
    case 'completed':
      return 'collect';
    case 'withdrawal_requested':
    case 'returned':
      return 'none';
    default:
      return 'wait';
  }
}

interface Draft {
  readonly id: string;
  readonly dossierId: string;
  readonly code: string;
  readonly dir: string;
  pages: ScannedPage[];
  expiresAt: number;
}

export function createLookupService(d: LookupServiceDeps): LookupService {
  const log = d.logger.child('lookup');
  const drafts = new Map<string, Draft>();
  const refreshTimeoutMs = d.refreshTimeoutMs ?? 3000;
  const sendWaitMs = d.sendWaitMs ?? 5000;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref?.();
    });

  const dossierFor = (code: string): DossierView | null => {
    const view = d.outbox.findDossierByReceiptCode(code);
    if (view) return view;
    const canonical = canonicalCityCode(code);
    return canonical ? d.outbox.findDossierByReceiptCode(canonical) : null;
  };

  /** The latest supplement of this dossier given since the city's last status change. */
  const supplementOf = (dossier: DossierView): DossierStatusView['supplement'] => {
    const since = dossier.cityStatusAt ?? dossier.createdAt;
    let found: DossierStatusView['supplement'] = 'none';
    for (const m of d.outbox.list({ kind: 'supplement', limit: 10_000 })) {
      const s = d.outbox.supplement(m.id);
      if (!s || s.dossierId !== dossier.id || s.createdAt < since) continue;
      found = m.state === 'acked' ? 'sent' : 'waiting-to-send';
    }
    return found;
  };

  const view = (dossier: DossierView): DossierStatusView => {
    const state = stateOf(dossier);
    const supplement = state === 'needs_supplement' ? supplementOf(dossier) : 'none';
    const p = d.catalog.get(dossier.procedureCode);
    return {
      code: dossier.receiptCode ?? dossier.localRef,
      procedure: p ? { code: p.code, name: p.name, agency: p.agency } : null,
      state,
      statusCode: dossier.cityStatusCode,
      note: dossier.cityStatusNote,
      submittedAt: dossier.createdAt,
      updatedAt: dossier.cityStatusAt,
      appointmentDate: dossier.appointmentDate,
      nextStep: nextStepOf(state, supplement),
      canSupplement: state === 'needs_supplement' && supplement === 'none',
      supplement,
      online: d.worker.getState().online,
    };
  };

  const sweep = () => {
    const now = d.clock.now().getTime();
    for (const draft of drafts.values()) if (draft.expiresAt <= now) discard(draft.id);
  };
  const discard = (draftId: string) => {
    const draft = drafts.get(draftId);
    if (!draft) return;
    drafts.delete(draftId);
    rmSync(draft.dir, { recursive: true, force: true });
  };
  const draftOf = (draftId: string): Result<Draft, LookupError> => {
    sweep();
    const draft = drafts.get(draftId);
    if (!draft) return err({ code: 'draft-expired' });
    draft.expiresAt = d.clock.now().getTime() + DRAFT_TTL_MS;
    return ok(draft);
  };
  const previews = (draft: Draft): SupplementPagePreview[] =>
    draft.pages.map((p, index) => ({ index, previewDataUrl: `data:image/png;base64,${p.previewPng.toString('base64')}`, blank: p.blank, readable: p.readable }));

  /** Waits until the outbox says the message was delivered, or the time is up. */
  const delivered = (messageId: string, ms: number) =>
    new Promise<boolean>((resolve) => {
      const isAcked = () => d.outbox.getMessage(messageId)?.state === 'acked';
      if (isAcked()) return resolve(true);
      const off = d.outbox.onChange(() => {
        if (!isAcked()) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
      const timer = setTimeout(() => {
        off();
        resolve(isAcked());
      }, ms);
      timer.unref?.();
    });

  return {
    async find(code) {
      if (!CODE.test(code)) return err({ code: 'invalid-code' });
      if (!dossierFor(code)) return err({ code: 'not-found' });
      // Ask the city for news first (status changes arrive with the worker's pull), unless the
      // kiosk already knows it is offline; a slow link never holds the citizen long. A round
      // already under way may have pulled before this call, so a second one follows it.
      if (d.worker.getState().online !== false) {
        await Promise.race([d.worker.runOnce().then(() => d.worker.runOnce()), sleep(refreshTimeoutMs)]);
      }
      const dossier = dossierFor(code);
      if (!dossier) return err({ code: 'not-found' });
      log.info('dossier-looked-up', { dossierId: dossier.id, delivery: dossier.delivery, cityStatus: dossier.cityStatus });
      return ok(view(dossier));
    },

    startSupplement(code) {
      sweep();
      if (!CODE.test(code)) return err({ code: 'invalid-code' });
      const dossier = dossierFor(code);
      if (!dossier) return err({ code: 'not-found' });
      const v = view(dossier);
      if (v.state !== 'needs_supplement') return err({ code: 'no-supplement-requested' });
      if (!v.canSupplement) return err({ code: 'supplement-already-sent' });
      const draft: Draft = { id: randomUUID(), dossierId: dossier.id, code: v.code, dir: mkdtempSync(join(tmpdir(), 'kiosk-supplement-')), pages: [], expiresAt: d.clock.now().getTime() + DRAFT_TTL_MS };
      drafts.set(draft.id, draft);
      return ok({ draftId: draft.id, code: v.code });
    },

    async scanSupplementPage(draftId) {
      const draft = draftOf(draftId);
      if (!draft.ok) return draft;
      const r = await d.scanner.scan({ dir: draft.value.dir, source: 'flatbed' });
      if (!r.ok) return err({ code: 'device', device: 'scanner', reason: r.error.code });
      draft.value.pages = [...draft.value.pages, ...r.value];
      return ok(previews(draft.value));
    },

    removeSupplementPage(draftId, index) {
      const draft = draftOf(draftId);
      if (!draft.ok) return draft;
      if (!draft.value.pages[index]) return err({ code: 'no-pages' });
      draft.value.pages = draft.value.pages.filter((_, i) => i !== index);
      return ok(previews(draft.value));
    },

    async sendSupplement(draftId) {
      const draft = draftOf(draftId);
      if (!draft.ok) return draft;
      const pages = draft.value.pages.filter((p) => !p.blank);
      if (pages.length === 0) return err({ code: 'no-pages' });
      const r = d.outbox.submitSupplement({
        dossierId: draft.value.dossierId,
        note: 'Giấy tờ bổ sung nộp tại kiosk',
        attachments: pages.map((p) => ({
          bytes: readFileSync(p.file),
          mediaType: p.file.endsWith('.pdf') ? 'application/pdf' : p.file.endsWith('.jpg') ? 'image/jpeg' : 'image/png',
          pages: 1,
          documentType: 'bo-sung',
        })),
      });
      if (!r.ok) {
        log.error('supplement-not-stored', { code: r.error.code });
        return err({ code: 'storage' });
      }
      // Durable now: the scans are in the outbox, so the draft's files can go.
      const code = draft.value.code;
      discard(draftId);
      const sentToCity = d.worker.getState().online === false ? false : await delivered(r.value.id, sendWaitMs);
      log.info('supplement-given', { supplementId: r.value.id, pages: pages.length, sentToCity });
      return ok({ code, pages: pages.length, sentToCity });
    },

    discardSupplement: discard,
  };
}
