import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { useTRPC } from '../api-client/trpc-react';
import { formatClock } from '../i18n/localized';
import { minutesUntil } from './format';

// The technician's PIN pad: large digits, the entry shown only as dots, how many tries are
// left after a wrong PIN, and when the pad opens again after a lockout.

const MAX_DIGITS = 12;
const MIN_DIGITS = 4;

type Notice =
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'locked'; retryAt: string }
  | { kind: 'not-configured' }
  | { kind: 'expired' }
  | { kind: 'error' };

export function PinPad({ onUnlocked, onCancel, expired }: { onUnlocked(token: string): void; onCancel(): void; expired?: boolean }) {
  const { t, i18n } = useTranslation();
  const [digits, setDigits] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(expired ? { kind: 'expired' } : null);
  const locked = notice?.kind === 'locked' || notice?.kind === 'not-configured';

  // Opening the pad during a lockout says so at once, rather than after another try. Asked
  // afresh each time the pad opens (gcTime 0: no earlier answer is kept to show first).
  const trpc = useTRPC();
  const lockState = useQuery(trpc.maintenance.lockState.queryOptions(undefined, { gcTime: 0 })).data;
  useEffect(() => {
    if (!lockState) return;
    if (!lockState.configured) setNotice({ kind: 'not-configured' });
    else if (lockState.retryAt) setNotice({ kind: 'locked', retryAt: lockState.retryAt });
  }, [lockState]);

  // The pad reopens by itself when the lockout ends.
  const retryAt = notice?.kind === 'locked' ? notice.retryAt : null;
  useEffect(() => {
    if (!retryAt) return;
    const id = setTimeout(() => setNotice(null), Math.max(0, Date.parse(retryAt) - Date.now()) + 500);
    return () => clearTimeout(id);
  }, [retryAt]);

  const press = (d: string) => !locked && !busy && setDigits((v) => (v.length < MAX_DIGITS ? v + d : v));
  const erase = () => setDigits((v) => v.slice(0, -1));
  const submit = async () => {
    if (busy || locked || digits.length < MIN_DIGITS) return;
    setBusy(true);
    const pin = digits;
    setDigits('');
    try {
      const r = await api.maintenance.unlock.mutate({ pin });
      if (r.ok) return onUnlocked(r.value.token);
      const e = r.error;
      setNotice(
        e.code === 'wrong-pin' ? { kind: 'wrong', attemptsLeft: e.attemptsLeft }
        : e.code === 'locked-out' ? { kind: 'locked', retryAt: e.retryAt }
        : e.code === 'not-configured' ? { kind: 'not-configured' }
        : { kind: 'error' },
      );
    } catch {
      setNotice({ kind: 'error' });
    } finally {
      setBusy(false);
    }
  };

  // A technician's USB keyboard works too.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (/^\d$/.test(e.key)) press(e.key);
      else if (e.key === 'Backspace') erase();
      else if (e.key === 'Enter') void submit();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const message = (() => {
    switch (notice?.kind) {
      case 'wrong':
        return t('maintenance.pin.wrong', { left: notice.attemptsLeft });
      case 'locked':
        return t('maintenance.pin.lockedOut', { time: formatClock(notice.retryAt, i18n.language), minutes: minutesUntil(notice.retryAt) });
      case 'not-configured':
        return t('maintenance.pin.notConfigured');
      case 'expired':
        return t('maintenance.pin.expired');
      case 'error':
        return t('maintenance.pin.error');
      default:
        return null;
    }
  })();

  return (
    <main className="screen maint-pin" data-testid="maintenance-pin">
      <h1>{t('maintenance.pin.title')}</h1>
      <p className="lead">{t('maintenance.pin.hint')}</p>
      <div
        className="maint-pin-display"
        data-testid="pin-display"
        data-digits={digits.length}
        role="status"
        aria-label={t('maintenance.pin.entered', { count: digits.length })}
      >
        {digits.length === 0 ? <span className="maint-pin-empty" aria-hidden="true">{t('maintenance.pin.placeholder')}</span> : <span aria-hidden="true">{'●'.repeat(digits.length)}</span>}
      </div>
      <p
        className={`maint-pin-notice${message ? ` error-box${notice?.kind === 'locked' ? ' maint-locked' : ''}` : ''}`}
        role="alert"
        data-testid="pin-notice"
        data-kind={notice?.kind ?? ''}
      >
        {message}
      </p>
      <div className="maint-pin-keys" role="group" aria-label={t('maintenance.pin.keypad')}>
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" className="maint-key" data-testid={`pin-${d}`} disabled={locked || busy} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" className="maint-key maint-key-small" data-testid="pin-erase" disabled={digits.length === 0} onClick={erase}>
          {t('maintenance.pin.erase')}
        </button>
        <button type="button" className="maint-key" data-testid="pin-0" disabled={locked || busy} onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="maint-key maint-key-small maint-key-ok"
          data-testid="pin-ok"
          disabled={locked || busy || digits.length < MIN_DIGITS}
          onClick={() => void submit()}
        >
          {busy ? t('maintenance.pin.checking') : t('maintenance.pin.open')}
        </button>
      </div>
      <div className="button-row">
        <button type="button" className="button" data-testid="pin-cancel" onClick={onCancel}>
          {t('maintenance.pin.cancel')}
        </button>
      </div>
    </main>
  );
}
