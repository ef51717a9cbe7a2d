import type { FeeQuote, FieldProblem, IdentitySummary, JourneyFailure, PagePreview, Submitted, VietQr } from '../journey/journey-context';

// Everything the assisted journey holds, in one place, changed only by the events below: what
// the citizen's card said, what the clerk typed, the pages, the fee, the payment, the receipt.
// An error is recorded where it happened and never resets anything else, so a locked or
// expired shift costs the clerk nothing: they sign in again and press the same button.

/** Where on the screen an error is said. */
export type Place = 'start' | 'consent' | 'form' | 'papers' | 'fee' | 'submit' | 'print' | 'rate';

/** The one call under way (the screen waits on it), or none. */
export type Busy = 'start' | 'consent' | 'scan' | 'cash' | 'card' | 'vietqr' | 'submit' | 'print' | 'print-a4' | 'rate' | null;

export type PayMethod = 'cash' | 'card' | 'vietqr';

export interface AssistedState {
  readonly sessionId: string | null;
  /** The citizen's own card, read once: their consent and their identity. */
  readonly identity: IdentitySummary | null;
  readonly answers: Readonly<Record<string, string>>;
  readonly problems: readonly FieldProblem[];
  /** Fields the clerk has left (their problems are shown); `all` after a submit the form refused. */
  readonly touched: readonly string[] | 'all';
  readonly papers: Readonly<Record<string, readonly PagePreview[]>>;
  /** The paper the scan or removal under way is for. */
  readonly paperAt: string | null;
  readonly quote: FeeQuote | null;
  readonly paid: { readonly method: PayMethod; readonly amount: number } | null;
  /** The QR the citizen pays by, shown on their side while the kiosk waits for the bank. */
  readonly vietQr: VietQr | null;
  readonly submitted: Submitted | null;
  readonly printed: { readonly receipt: boolean; readonly a4: boolean; readonly code: string | null };
  readonly rated: number | null;
  readonly busy: Busy;
  readonly errors: Readonly<Partial<Record<Place, JourneyFailure>>>;
  /** The shift's refusal (not signed in, locked, expired, not permitted), said at the top until a staff call goes through. */
  readonly staff: JourneyFailure | null;
}

export const INITIAL_STATE: AssistedState = {
  sessionId: null,
  identity: null,
  answers: {},
  problems: [],
  touched: [],
  papers: {},
  paperAt: null,
  quote: null,
  paid: null,
  vietQr: null,
  submitted: null,
  printed: { receipt: false, a4: false, code: null },
  rated: null,
  busy: null,
  errors: {},
  staff: null,
};

export type AssistedEvent =
  | { type: 'busy'; busy: Exclude<Busy, null>; paperId?: string }
  | { type: 'failed'; place: Place; error: JourneyFailure }
  | { type: 'started'; sessionId: string }
  | { type: 'consented'; identity: IdentitySummary }
  | { type: 'prefilled'; answers: Record<string, string> }
  | { type: 'answer'; field: string; value: string }
  | { type: 'touched'; field: string }
  | { type: 'problems'; problems: readonly FieldProblem[] }
  | { type: 'pages'; paperId: string; pages: readonly PagePreview[] }
  | { type: 'quoted'; quote: FeeQuote }
  | { type: 'vietqr'; qr: VietQr | null }
  | { type: 'paid'; method: PayMethod; amount: number }
  | { type: 'submitted'; submitted: Submitted }
  | { type: 'printed'; kind: 'receipt' | 'a4'; code: string }
  | { type: 'rated'; score: number };

/** The places whose success says the shift is open again (their calls are checked against it). */
const STAFF_PLACES: ReadonlySet<Place> = new Set(['start', 'fee', 'submit']);

function done(s: AssistedState, place: Place): Pick<AssistedState, 'busy' | 'errors' | 'staff' | 'paperAt'> {
  const { [place]: _gone, ...errors } = s.errors;
  return { busy: null, errors, staff: STAFF_PLACES.has(place) ? null : s.staff, paperAt: null };
}

export function assistedReducer(s: AssistedState, e: AssistedEvent): AssistedState {
  switch (e.type) {
    case 'busy':
      return { ...s, busy: e.busy, paperAt: e.paperId ?? null };
    case 'failed':
      return { ...s, busy: null, errors: { ...s.errors, [e.place]: e.error }, staff: e.error.code === 'staff' ? e.error : s.staff, ...(e.place === 'submit' && e.error.code === 'invalid-form' ? { problems: e.error.problems, touched: 'all' as const } : {}) };
    case 'started':
      return { ...s, ...done(s, 'start'), sessionId: e.sessionId };
    case 'consented':
      return { ...s, ...done(s, 'consent'), identity: e.identity };
    case 'prefilled': {
      // A suggestion from the card never overwrites what the clerk has typed.
      const answers = { ...s.answers };
      for (const [k, v] of Object.entries(e.answers)) if (!answers[k]) answers[k] = v;
      return { ...s, answers };
    }
    case 'answer':
      return { ...s, answers: { ...s.answers, [e.field]: e.value } };
    case 'touched':
      return s.touched === 'all' || s.touched.includes(e.field) ? s : { ...s, touched: [...s.touched, e.field] };
    case 'problems':
      return { ...s, problems: e.problems };
    case 'pages':
      return { ...s, ...done(s, 'papers'), papers: { ...s.papers, [e.paperId]: e.pages } };
    case 'quoted':
      return { ...s, quote: e.quote };
    case 'vietqr':
      return { ...s, vietQr: e.qr };
    case 'paid':
      return { ...s, ...done(s, 'fee'), paid: { method: e.method, amount: e.amount }, vietQr: null };
    case 'submitted':
      return { ...s, ...done(s, 'submit'), submitted: e.submitted };
    case 'printed':
      return { ...s, ...done(s, 'print'), printed: { ...s.printed, [e.kind]: true, code: e.code } };
    case 'rated':
      return { ...s, ...done(s, 'rate'), rated: e.score };
  }
}

/** The problem to show under a field: once the clerk has left it, or after the form was refused. */
export function shownProblem(s: AssistedState, field: string): FieldProblem | undefined {
  if (s.touched !== 'all' && !s.touched.includes(field)) return undefined;
  return s.problems.find((p) => p.field === field);
}

/** Pages that count (not blank), all papers together. */
export function goodPages(s: AssistedState): number {
  return Object.values(s.papers).reduce((n, pages) => n + pages.filter((p) => !p.blank).length, 0);
}

/** Whether the fee still has to be taken before submitting. */
export function feeDue(s: AssistedState): boolean {
  return !s.paid && s.quote !== null && s.quote.payableAtKiosk && s.quote.amount > 0;
}
