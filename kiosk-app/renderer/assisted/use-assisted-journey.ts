import { useEffect, useReducer, useRef } from 'react';
import type { Procedure } from '../../api/types';
import { api } from '../api-client/api-client';
import { settle, type Settled } from '../api-client/call-failure';
import type { JourneyFailure } from '../journey/journey-context';
import { assistedReducer, goodPages, INITIAL_STATE, type AssistedState, type Busy, type Place } from './assisted-state';

// The assisted journey's calls: each one a button of the screen, its answer an event of
// assisted-state.ts. The core session opens on mount (a staff call: the shift must be open)
// and ends when the screen closes; while the screen is open the core hears "still here" every
// minute, so a clerk typing a long form or a citizen paying in their bank app never loses it.

export interface Expected {
  readonly maskedId: string;
  readonly fullName: string;
}

export interface AssistedProps {
  readonly procedure: Procedure;
  readonly appointmentId?: string | undefined;
  readonly expected?: Expected | undefined;
  readonly onClose: () => void;
}

/** How long the reader waits for the citizen's card. */
export const CONSENT_CARD_WAIT_MS = 60_000;
/** "Still here" to the core this often while the screen is open. */
export const STILL_HERE_EVERY_MS = 60_000;
/** The form is checked this long after the clerk stops typing. */
const VALIDATE_AFTER_MS = 350;

type Answer<V> = Settled<{ readonly ok: true; readonly value: V } | { readonly ok: false; readonly error: JourneyFailure }>;

export function useAssistedJourney({ procedure, appointmentId, expected, onClose }: AssistedProps) {
  const [state, dispatch] = useReducer(assistedReducer, INITIAL_STATE);
  const current = useRef<AssistedState>(state);
  current.current = state;
  const mounted = useRef(true);
  /** The VietQR wait was stopped from the screen. */
  const stopped = useRef(false);
  const procedureCode = procedure.code;

  /** One call of a button: busy while it runs, its error kept where it happened, nothing else touched. */
  async function run<V>(place: Place, busy: Exclude<Busy, null>, call: () => Promise<Answer<V>>, paperId?: string): Promise<V | null> {
    dispatch({ type: 'busy', busy, ...(paperId ? { paperId } : {}) });
    const r = await call();
    if (!mounted.current) return null;
    if (!r.ok) {
      dispatch({ type: 'failed', place, error: r.error });
      return null;
    }
    return r.value;
  }

  const withAnswers = () => ({ sessionId: current.current.sessionId!, procedureCode, answers: current.current.answers });

  const actions = {
    async start(): Promise<void> {
      const v = await run('start', 'start', () => settle(api.journey.startAssisted.mutate({ lang: 'vi', ...(appointmentId ? { appointmentId } : {}), ...(expected ? { expected } : {}) })));
      if (!v) return;
      if (mounted.current) dispatch({ type: 'started', sessionId: v.sessionId });
      else endSession(v.sessionId);
    },

    /** The citizen lays their card on the reader after reading (or hearing) the notice. */
    async consentByCard(noticeVersion: string): Promise<void> {
      const sessionId = current.current.sessionId;
      if (!sessionId) return;
      const v = await run('consent', 'consent', () => settle(api.journey.consentByCard.mutate({ sessionId, noticeVersion, timeoutMs: CONSENT_CARD_WAIT_MS })));
      if (!v) return;
      dispatch({ type: 'consented', identity: v.identity });
      const filled = await settle(api.journey.prefill.query({ sessionId, procedureCode }));
      if (mounted.current && filled.ok) dispatch({ type: 'prefilled', answers: filled.value });
    },

    setAnswer(field: string, value: string): void {
      dispatch({ type: 'answer', field, value });
    },
    touch(field: string): void {
      dispatch({ type: 'touched', field });
    },

    async scan(paperId: string): Promise<void> {
      const sessionId = current.current.sessionId;
      if (!sessionId) return;
      const pages = await run('papers', 'scan', () => settle(api.journey.scanPaper.mutate({ sessionId, paperId })), paperId);
      if (pages) dispatch({ type: 'pages', paperId, pages });
    },
    async removePage(paperId: string, index: number): Promise<void> {
      const sessionId = current.current.sessionId;
      if (!sessionId) return;
      const pages = await run('papers', 'scan', () => settle(api.journey.removePage.mutate({ sessionId, paperId, index })), paperId);
      if (pages) dispatch({ type: 'pages', paperId, pages });
    },

    async payCash(): Promise<void> {
      const v = await run('fee', 'cash', () => settle(api.journey.recordCash.mutate(withAnswers())));
      if (v) dispatch({ type: 'paid', method: 'cash', amount: v.amount });
    },
    async payCard(): Promise<void> {
      const v = await run('fee', 'card', () => settle(api.journey.payByCard.mutate(withAnswers())));
      if (v) dispatch({ type: 'paid', method: 'card', amount: v.amount });
    },
    async payVietQr(): Promise<void> {
      const sessionId = current.current.sessionId;
      const qr = await run('fee', 'vietqr', () => settle(api.journey.startVietQr.mutate(withAnswers())));
      if (!qr || !sessionId) return;
      dispatch({ type: 'vietqr', qr });
      stopped.current = false;
      const v = await run('fee', 'vietqr', async () => {
        const r = await settle(api.journey.awaitVietQr.mutate({ sessionId, paymentId: qr.paymentId }));
        // Stopped from the screen: the journey's own words, not the card terminal's "cancelled".
        return !r.ok && stopped.current ? { ok: false as const, error: { code: 'vietqr-cancelled' as const } } : r;
      });
      if (v) dispatch({ type: 'paid', method: 'vietqr', amount: v.amount });
      else if (mounted.current) dispatch({ type: 'vietqr', qr: null });
    },
    async extendVietQr(): Promise<void> {
      const s = current.current;
      if (!s.sessionId || !s.vietQr) return;
      const r = await settle(api.journey.extendVietQr.mutate({ sessionId: s.sessionId, paymentId: s.vietQr.paymentId }));
      const qr = current.current.vietQr;
      if (mounted.current && r.ok && qr) dispatch({ type: 'vietqr', qr: { ...qr, expiresAt: r.value.expiresAt } });
    },
    /** The citizen will not transfer: the wait ends (a transfer that still comes is recorded by the core). */
    async cancelVietQr(): Promise<void> {
      const s = current.current;
      if (!s.sessionId || !s.vietQr) return;
      stopped.current = true;
      const r = await settle(api.journey.cancelVietQr.mutate({ sessionId: s.sessionId, paymentId: s.vietQr.paymentId }));
      // Not stopped: the wait goes on, and the clerk reads why.
      if (!r.ok && mounted.current) {
        stopped.current = false;
        dispatch({ type: 'failed', place: 'fee', error: r.error });
        dispatch({ type: 'busy', busy: 'vietqr' });
      }
    },

    async submit(): Promise<void> {
      if (!current.current.sessionId) return;
      const v = await run('submit', 'submit', () => settle(api.journey.submit.mutate(withAnswers())));
      if (v) dispatch({ type: 'submitted', submitted: v });
    },
    async printReceipt(): Promise<void> {
      const s = current.current;
      if (!s.sessionId || !s.submitted) return;
      const dossierId = s.submitted.dossierId;
      const v = await run('print', 'print', () => settle(api.journey.printReceipt.mutate({ sessionId: s.sessionId!, dossierId })));
      if (v) dispatch({ type: 'printed', kind: 'receipt', code: v.receiptCode });
    },
    async printA4(): Promise<void> {
      const s = current.current;
      if (!s.sessionId || !s.submitted) return;
      const dossierId = s.submitted.dossierId;
      const v = await run('print', 'print-a4', () => settle(api.journey.printReceiptA4.mutate({ sessionId: s.sessionId!, dossierId, answers: s.answers })));
      if (v) dispatch({ type: 'printed', kind: 'a4', code: v.receiptCode });
    },

    /** The citizen's own rating, from their side of the screen; never tied to who they are. */
    async rate(score: number): Promise<void> {
      dispatch({ type: 'busy', busy: 'rate' });
      const r = await settle(api.journey.rate.mutate({ score, reasons: [], procedureCode }));
      if (!mounted.current) return;
      dispatch(r.ok ? { type: 'rated', score } : { type: 'failed', place: 'rate', error: r.error });
    },

    /** "Xong": the core session is wiped, the desk takes the screen back. */
    close(): void {
      const id = current.current.sessionId;
      if (id) endSession(id);
      current.current = { ...current.current, sessionId: null };
      onClose();
    },
  };

  // The session: opened on mount, ended on unmount (a start answered after unmount ends at once).
  useEffect(() => {
    mounted.current = true;
    void actions.start();
    return () => {
      mounted.current = false;
      const id = current.current.sessionId;
      if (id) endSession(id);
    };
  }, []);

  // The core's session stays while this screen is open.
  const sessionId = state.sessionId;
  useEffect(() => {
    if (!sessionId) return;
    const id = setInterval(() => void settle(api.journey.stillHere.mutate({ sessionId })), STILL_HERE_EVERY_MS);
    return () => clearInterval(id);
  }, [sessionId]);

  // The form is checked as the clerk types; problems show under a field once it has been left.
  const answers = state.answers;
  useEffect(() => {
    let live = true;
    const id = setTimeout(() => {
      void settle(api.journey.validate.query({ procedureCode, answers })).then((r) => {
        if (live && mounted.current && r.ok) dispatch({ type: 'problems', problems: r.value });
      });
    }, VALIDATE_AFTER_MS);
    return () => {
      live = false;
      clearTimeout(id);
    };
  }, [answers, procedureCode]);

  // The fee follows the pages scanned (a per-page fee) and the copies asked for.
  const pages = goodPages(state);
  const copies = state.answers['copies'] ?? '';
  const consented = state.identity !== null;
  useEffect(() => {
    if (!sessionId || !consented) return;
    let live = true;
    void settle(api.journey.quote.query({ sessionId, procedureCode, answers: current.current.answers })).then((r) => {
      if (!live || !mounted.current) return;
      if (r.ok) dispatch({ type: 'quoted', quote: r.value });
      else dispatch({ type: 'failed', place: 'fee', error: r.error });
    });
    return () => {
      live = false;
    };
  }, [sessionId, consented, pages, copies, procedureCode]);

  return { state, actions };
}

function endSession(sessionId: string): void {
  void settle(api.journey.endSession.mutate({ sessionId }));
}
