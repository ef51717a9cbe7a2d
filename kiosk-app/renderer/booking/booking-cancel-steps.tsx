import { useTranslation } from 'react-i18next';
import KeyboardReact from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import { phoneOf, useBookingErrorText, type CancelError, type Cancelled } from './booking-answers';
import { bookingCodeChars, bookingWhen, showBookingCode } from './booking-format';
import { BookingProblem } from './booking-problem-text';

// Cancelling a booking by the code on its slip (XXXX-XXXX): a pad of exactly the keys a code
// has (digits and capitals; the dash comes by itself), then what was cancelled, in plain words.

const LAYOUT = { default: ['1 2 3 4 5 6 7 8 9 0', 'Q W E R T Y U I O P', 'A S D F G H J K L', 'Z X C V B N M {bksp}'] };
const KEYS = LAYOUT.default.join(' ');

function BookingCodeKeypad({ value, onChange }: { value: string; onChange(v: string): void }) {
  const { t } = useTranslation();
  const press = (button: string) => {
    if (button === '{bksp}') return onChange(value.slice(0, -1));
    onChange(bookingCodeChars(value + button));
  };
  return (
    <div className="osk osk-code booking-code-keypad" data-testid="keyboard-booking-code">
      <KeyboardReact
        layout={LAYOUT}
        display={{ '{bksp}': `⌫ ${t('keyboard.delete')}` }}
        onKeyPress={press}
        useButtonTag
        disableButtonHold
        physicalKeyboardHighlight={false}
        preventMouseDownDefault
        buttonAttributes={[{ attribute: 'type', value: 'button', buttons: KEYS }]}
        theme="hg-theme-default osk-theme"
      />
    </div>
  );
}

export type CancelProblem = CancelError | { readonly code: 'invalid-code' };

export function CancelStep({
  code,
  busy,
  error,
  onCode,
  onSubmit,
  onBack,
}: {
  /** The code's letters and digits as typed (at most 8). */
  code: string;
  busy: boolean;
  error: CancelProblem | null;
  onCode(chars: string): void;
  onSubmit(): void;
  onBack(): void;
}) {
  const { t } = useTranslation();
  const errorText = useBookingErrorText();
  return (
    <main className="screen booking" data-testid="booking-screen" data-step="cancel">
      <h1>{t('booking.cancel.title')}</h1>
      <p className="lead">{t('booking.cancel.intro')}</p>
      <label className="field-label" htmlFor="booking-cancel-code">{t('booking.cancel.codeLabel')}</label>
      <input
        id="booking-cancel-code"
        className="text-input booking-code-input"
        data-testid="booking-cancel-code"
        inputMode="none"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        placeholder="AB12-CD34"
        value={showBookingCode(code)}
        onChange={(e) => onCode(bookingCodeChars(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onSubmit();
        }}
      />
      {error && <BookingProblem error={error} text={errorText(error)} phone={phoneOf(error)} testId="booking-cancel-problem" />}
      {busy && <p className="banner info" role="status">{t('booking.cancel.working')}</p>}
      <BookingCodeKeypad value={code} onChange={onCode} />
      <div className="button-row">
        <button type="button" className="button primary booking-big-button" data-testid="booking-cancel-submit" disabled={busy} onClick={onSubmit}>
          {t('booking.cancel.submit')}
        </button>
        <button type="button" className="button" data-testid="booking-cancel-back" onClick={onBack}>
          {t('booking.cancel.back')}
        </button>
      </div>
    </main>
  );
}

export function CancelledStep({ code, result, onDone, onBook }: { code: string; result: Cancelled; onDone(): void; onBook(): void }) {
  const { t, i18n } = useTranslation();
  const when = bookingWhen(result.start, null, i18n.language);
  return (
    <main className="screen booking" data-testid="booking-screen" data-step="cancelled">
      <h1>{t('booking.cancelled.title')}</h1>
      <p className="banner ok lead" role="status" data-testid="booking-cancelled" data-code={code}>
        {result.pointName ? t('booking.cancelled.text', { code, when, place: result.pointName }) : t('booking.cancelled.textNoPlace', { code, when })}
      </p>
      <div className="button-row">
        <button type="button" className="button primary booking-big-button" data-testid="booking-done" onClick={onDone}>
          {t('booking.booked.done')}
        </button>
        <button type="button" className="button" data-testid="booking-book-new" onClick={onBook}>
          {t('booking.cancelled.bookNew')}
        </button>
      </div>
    </main>
  );
}
