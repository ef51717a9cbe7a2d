import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import type { ApiOutputs } from '../api-client/api-types';
import type { Settled } from '../api-client/call-failure';
import { useDesk } from './desk-context';
import { DeskIcon } from './desk-icon';
import type { Notice } from './desk-notice';
import { looksLikeBooking, normalizeBookingInput } from './day-row-view';
import type { DayRow } from './desk-types';
import { useStaffErrorText } from './staff-error-text';

// Checking a citizen in by what they bring: the slip's QR (a keyboard-wedge scanner types
// `HNLICH:XXXX-XXXX:<uuid>` then Enter into the focused field), the code read out, or their
// citizen card on the reader.

const CARD_TIMEOUT_MS = 30_000;

type CheckInAnswer = Settled<ApiOutputs['staff']['checkInByCode'] | ApiOutputs['staff']['checkInByCard']>;

export function CheckInBar({ onDone }: { onDone(notice: Notice, row?: DayRow): void }) {
  const { t } = useTranslation();
  const desk = useDesk();
  const errorText = useStaffErrorText('checkIn');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState<'code' | 'card' | null>(null);
  const field = useRef<HTMLInputElement>(null);

  const answered = (r: CheckInAnswer) => {
    if (r.ok) {
      const name = r.value.citizen.fullName;
      onDone({ kind: 'ok', text: [t('staff.list.checkedIn', { name }), r.value.unsent ? t('staff.list.keptUnsent') : ''].filter(Boolean).join(' ') }, r.value);
      return true;
    }
    onDone({ kind: 'error', code: r.error.code, text: errorText(r.error) });
    return false;
  };

  const byCode = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!looksLikeBooking(code)) {
      field.current?.select();
      return onDone({ kind: 'error', code: 'unknown-booking', text: errorText({ code: 'unknown-booking' }) });
    }
    setBusy('code');
    onDone({ kind: 'wait', text: t('staff.list.checkingIn') });
    const r = await desk.call(api.staff.checkInByCode.mutate({ code: normalizeBookingInput(code) }));
    setBusy(null);
    // Checked in: the field is empty for the next slip. Not: what was read stays selected, so the
    // next scan replaces it rather than adding to it.
    if (answered(r)) setCode('');
    else field.current?.select();
  };

  const byCard = async () => {
    if (busy) return;
    setBusy('card');
    onDone({ kind: 'wait', text: t('staff.list.cardWaiting') });
    answered(await desk.call(api.staff.checkInByCard.mutate({ timeoutMs: CARD_TIMEOUT_MS })));
    setBusy(null);
  };

  return (
    <form className="desk-checkin" onSubmit={(e) => void byCode(e)}>
      <label className="field-label" htmlFor="desk-checkin-code">
        {t('staff.list.checkInLabel')}
      </label>
      <div className="desk-checkin-row">
        <input
          id="desk-checkin-code"
          ref={field}
          className="desk-input desk-checkin-input"
          data-testid="checkin-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={t('staff.list.checkInPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          maxLength={80}
          autoFocus
        />
        <button type="submit" className="desk-button primary" data-testid="checkin-code-submit" disabled={busy !== null}>
          <DeskIcon name="check" />
          {t('staff.list.checkInButton')}
        </button>
        <button type="button" className="desk-button" data-testid="checkin-card" disabled={busy !== null} onClick={() => void byCard()}>
          <DeskIcon name="card" />
          {t('staff.list.card')}
        </button>
      </div>
    </form>
  );
}
