import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LocalizedText } from '../../api/types';
import { SessionContext, useSession, type SessionControls } from '../session/session-context';
import type { Screen } from '../session/session-machine';
import { EMPTY_CITIZEN, type Booking, type BookError, type BookingPoint, type CancelError, type Cancelled, type CitizenTyped, type Slot } from './booking-answers';

// Keeps what the citizen chose and typed for a booking while its screen is covered (the
// language choice sits on top of it and comes back), and forgets it when the booking leaves
// the screen stack or the citizen session ends. It also turns the top bar's "back" into the
// booking's own step back, so a tap on it never throws away what was typed.

export type BookingStep =
  | { readonly name: 'point' }
  | { readonly name: 'procedure' }
  | { readonly name: 'slot' }
  | { readonly name: 'who' }
  | { readonly name: 'confirm' }
  | { readonly name: 'booking' }
  | { readonly name: 'booked'; readonly booking: Booking; readonly end: string | null }
  | { readonly name: 'problem'; readonly error: BookError }
  | { readonly name: 'cancel'; readonly busy: boolean; readonly error: CancelError | { readonly code: 'invalid-code' } | null }
  | { readonly name: 'cancelled'; readonly code: string; readonly result: Cancelled };

export interface ChosenProcedure {
  readonly code: string;
  readonly name: LocalizedText;
}

export interface BookingDraft {
  readonly step: BookingStep;
  readonly point: BookingPoint | null;
  readonly procedure: ChosenProcedure | null;
  /** The procedure step's search and field, as the citizen left them. */
  readonly search: string;
  readonly field: string | null;
  readonly slot: Slot | null;
  readonly citizen: CitizenTyped;
  /**
   * The id asked for this confirmation (appointments.newBookingId) and the booking it was asked
   * for: asking again for the same booking (after a lost answer) sends the same id, so the city
   * never books twice; another slot or citizen is another booking, with a new id.
   */
  readonly attempt: { readonly id: string; readonly key: string } | null;
  /** The cancel step's code, as typed. */
  readonly cancelCode: string;
}

export const NEW_BOOKING: BookingDraft = {
  step: { name: 'point' },
  point: null,
  procedure: null,
  search: '',
  field: null,
  slot: null,
  citizen: EMPTY_CITIZEN,
  attempt: null,
  cancelCode: '',
};

/** The step the booking's own "back" goes to, or null: the step has none (leave the screen). */
export function stepBack(d: BookingDraft): BookingStep | 'stay' | null {
  switch (d.step.name) {
    case 'procedure':
      return d.field !== null && d.search.trim() === '' ? 'stay' : { name: 'point' };
    case 'slot':
      return { name: 'procedure' };
    case 'who':
      return { name: 'slot' };
    case 'confirm':
    case 'problem':
      return { name: 'who' };
    case 'cancel':
    case 'cancelled':
      return { name: 'point' };
    // Waiting for the city's answer: going back would leave the booking's outcome unseen.
    case 'booking':
      return 'stay';
    case 'point':
    case 'booked':
      return null;
  }
}

interface Keeper {
  readonly draft: BookingDraft;
  update(change: Partial<BookingDraft> | ((d: BookingDraft) => Partial<BookingDraft>)): void;
  /** The booking screen is on top (its back button is the booking's). */
  setVisible(visible: boolean): void;
}

const KeeperContext = createContext<Keeper | null>(null);

export function useBookingDraft(): Keeper {
  const k = useContext(KeeperContext);
  if (!k) throw new Error('useBookingDraft outside BookingKeeper');
  return k;
}

export function BookingKeeper({ stack, children }: { stack: readonly Screen[]; children: ReactNode }) {
  const outer = useSession();
  const [draft, setDraft] = useState<BookingDraft>(NEW_BOOKING);
  const [visible, setVisible] = useState(false);
  const inStack = stack.some((s) => s.name === 'booking');

  // The booking left the screen stack (home, done): the next one starts clean.
  useEffect(() => {
    if (!inStack) setDraft(NEW_BOOKING);
  }, [inStack]);

  const keeper = useMemo<Keeper>(
    () => ({
      draft,
      update: (change) => setDraft((d) => ({ ...d, ...(typeof change === 'function' ? change(d) : change) })),
      setVisible,
    }),
    [draft],
  );

  const back = visible ? stepBack(draft) : null;
  const controls: SessionControls =
    back === null
      ? outer
      : {
          ...outer,
          back: () => {
            if (back === 'stay') {
              // The procedure step's field list goes back to the fields; a wait goes nowhere.
              if (draft.step.name === 'procedure') setDraft((d) => ({ ...d, field: null }));
              return;
            }
            setDraft((d) => ({ ...d, step: back }));
          },
          canGoBack: !(back === 'stay' && draft.step.name === 'booking'),
        };
  return (
    <KeeperContext.Provider value={keeper}>
      <SessionContext.Provider value={controls}>{children}</SessionContext.Provider>
    </KeeperContext.Provider>
  );
}
