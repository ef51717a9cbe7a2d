import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { staffIdFromCardQr } from '../../api/staff-contract';
import { api } from '../api-client/api-client';
import { settle } from '../api-client/call-failure';
import type { Shift } from './desk-types';
import { LanguagePicker } from './language-picker';
import type { LockReason } from './shift-guard';
import { useStaffErrorText } from './staff-error-text';

// Signing in at the desk: the staff id (typed, or the staff card's QR as a keyboard-wedge
// scanner types it, `HNSTAFF:<id>` then Enter) and the PIN, checked with the city. Enter in the
// id field goes on to the PIN; Enter in the PIN signs in. Over a locked desk the id is already
// there and the PIN field has the focus.

interface Props {
  /** The locked shift's staff id (the desk under the sign-in stays as it was). */
  readonly prefilledId?: string;
  readonly reason?: LockReason | null;
  onSignedIn(shift: Shift): void;
}

export function StaffSignIn({ prefilledId, reason, onSignedIn }: Props) {
  const { t } = useTranslation();
  const errorText = useStaffErrorText('signIn');
  const ids = useId();
  const [staffId, setStaffId] = useState(prefilledId ?? '');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ code: string; text: string } | null>(null);
  const idField = useRef<HTMLInputElement>(null);
  const pinField = useRef<HTMLInputElement>(null);
  const locked = reason != null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    // A card's QR becomes the id it carries, so the field shows what was read.
    const fromCard = staffIdFromCardQr(staffId);
    if (fromCard) setStaffId(fromCard);
    const id = fromCard ?? staffId.trim();
    if (id === '') return idField.current?.focus();
    if (pin === '') return pinField.current?.focus();
    setBusy(true);
    setProblem(null);
    const r = await settle(api.staff.signIn.mutate({ staffId: id, pin }));
    setBusy(false);
    if (r.ok) return onSignedIn(r.value);
    setProblem({ code: r.error.code, text: errorText(r.error) });
    setPin('');
    if (r.error.code === 'invalid-staff-id') idField.current?.select();
    else pinField.current?.focus();
  };

  return (
    <main className={`desk-sign-in${locked ? ' desk-sign-in-locked' : ''}`} data-testid="staff-sign-in-screen" data-locked={locked ? reason : undefined}>
      <form className="desk-sign-in-card" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} noValidate>
        <h1 id={`${ids}-title`}>{locked ? t('staff.signIn.lockedTitle') : t('staff.signIn.title')}</h1>
        <p className="lead">
          {reason === 'session-expired' || reason === 'not-signed-in' ? t('staff.signIn.expiredHint') : locked ? t('staff.signIn.lockedHint') : t('staff.signIn.hint')}
        </p>
        <label className="field-label" htmlFor={`${ids}-id`}>
          {t('staff.signIn.staffId')}
        </label>
        <input
          id={`${ids}-id`}
          ref={idField}
          className="desk-input"
          data-testid="staff-id"
          value={staffId}
          onChange={(e) => setStaffId(e.target.value)}
          autoFocus={!prefilledId}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
          aria-describedby={`${ids}-id-hint`}
        />
        <p className="muted desk-hint" id={`${ids}-id-hint`}>
          {t('staff.signIn.staffIdHint')}
        </p>
        <label className="field-label" htmlFor={`${ids}-pin`}>
          {t('staff.signIn.pin')}
        </label>
        <input
          id={`${ids}-pin`}
          ref={pinField}
          className="desk-input"
          data-testid="staff-pin"
          type="password"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="off"
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))}
          autoFocus={Boolean(prefilledId)}
          aria-describedby={`${ids}-pin-hint`}
          aria-invalid={problem?.code === 'wrong-pin' || problem?.code === 'invalid-pin' ? true : undefined}
        />
        <p className="muted desk-hint" id={`${ids}-pin-hint`}>
          {t('staff.signIn.pinHint')}
        </p>
        <p className={problem ? 'error-box desk-error' : 'desk-error-empty'} role="alert" data-testid="staff-sign-in-error" data-code={problem?.code ?? ''}>
          {problem?.text}
        </p>
        {locked && <p className="muted">{t('staff.signIn.otherStaff')}</p>}
        <div className="desk-sign-in-actions">
          <button type="submit" className="desk-button primary desk-button-wide" data-testid="staff-sign-in" disabled={busy}>
            {busy ? t('staff.signIn.checking') : t('staff.signIn.submit')}
          </button>
          <LanguagePicker />
        </div>
      </form>
    </main>
  );
}
