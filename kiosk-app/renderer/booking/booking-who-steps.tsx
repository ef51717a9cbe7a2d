import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';
import { citizenProblems, hasProblem, type BookingPoint, type CitizenProblems, type CitizenTyped, type Slot } from './booking-answers';
import { maskedId, slotWhen } from './booking-format';

// Who comes, typed: the full name on the Vietnamese keyboard, the ID number and the phone on
// the number pad. Then what will be booked, in one place, with the consent line and the one
// button that books.

type Which = keyof CitizenTyped;

const FIELDS: readonly { which: Which; testId: string; label: string; kind: 'text' | 'numeric'; max: number }[] = [
  { which: 'fullName', testId: 'booking-name', label: 'booking.who.name', kind: 'text', max: 100 },
  { which: 'idNumber', testId: 'booking-id', label: 'booking.who.id', kind: 'numeric', max: 12 },
  { which: 'phone', testId: 'booking-phone', label: 'booking.who.phone', kind: 'numeric', max: 15 },
];

/** What a field's box keeps of what was typed (or pasted, or filled by a test). */
function cleaned(which: Which, v: string): string {
  if (which === 'fullName') return v.normalize('NFC').replace(/^\s+/, '').slice(0, 100);
  if (which === 'idNumber') return v.replace(/\D/g, '').slice(0, 12);
  return v.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '').slice(0, 16);
}

export function WhoStep({ citizen, onChange, onNext }: { citizen: CitizenTyped; onChange(c: CitizenTyped): void; onNext(): void }) {
  const { t } = useTranslation();
  const firstEmpty = FIELDS.find((f) => citizen[f.which] === '')?.which ?? 'fullName';
  const [active, setActive] = useState<Which>(firstEmpty);
  const [problems, setProblems] = useState<CitizenProblems | null>(null);
  const field = FIELDS.find((f) => f.which === active)!;

  const set = (which: Which, v: string) => {
    const next = { ...citizen, [which]: cleaned(which, v) };
    onChange(next);
    // A problem shown goes as soon as the field is right.
    if (problems) setProblems(citizenProblems(next));
    if (which === 'idNumber' && next.idNumber.length === 12 && citizen.idNumber.length < 12) setActive('phone');
  };

  const next = () => {
    const p = citizenProblems(citizen);
    setProblems(p);
    if (!hasProblem(p)) return onNext();
    setActive(FIELDS.find((f) => p[f.which] !== null)!.which);
  };

  const problemText = (which: Which): string | null => {
    const p = problems?.[which] ?? null;
    if (p === null) return null;
    if (p === 'id') return citizen.idNumber === '' ? t('booking.who.problems.idEmpty') : t('booking.who.problems.id', { count: citizen.idNumber.length });
    return t(`booking.who.problems.${p}`);
  };

  return (
    <>
      <main className="screen booking" data-testid="booking-screen" data-step="who">
        <h1>{t('booking.who.title')}</h1>
        <p className="muted">{t('booking.who.tapToType')}</p>
        <div className="booking-who">
          {FIELDS.map((f) => {
            const problem = problemText(f.which);
            const id = `${f.testId}-input`;
            return (
              <div key={f.which} className={`booking-who-field ${active === f.which ? 'active' : ''} ${problem ? 'invalid' : ''}`}>
                <label className="field-label" htmlFor={id}>{t(f.label)}</label>
                <input
                  id={id}
                  className={`text-input booking-input ${f.kind === 'numeric' ? 'digits' : ''}`}
                  data-testid={f.testId}
                  // The on-screen keyboard types here; no system keyboard pops up on a touch screen.
                  inputMode="none"
                  autoComplete="off"
                  autoCorrect="off"
                  spellCheck={false}
                  value={citizen[f.which]}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${id}-problem` : undefined}
                  onFocus={() => setActive(f.which)}
                  onClick={() => setActive(f.which)}
                  onChange={(e) => set(f.which, e.target.value)}
                />
                {problem && (
                  <p id={`${id}-problem`} className="booking-field-problem" data-testid={`${f.testId}-problem`}>
                    {problem}
                  </p>
                )}
              </div>
            );
          })}
        </div>
        <div className="button-row">
          <button type="button" className="button primary booking-big-button" data-testid="booking-who-next" onClick={next}>
            {t('booking.who.next')}
          </button>
        </div>
      </main>
      <aside className="booking-keyboard" aria-label={t('booking.who.typingInto', { field: t(field.label) })} data-field={field.which}>
        <p className="booking-keyboard-for">{t('booking.who.typingInto', { field: t(field.label) })}</p>
        <OnScreenKeyboard
          key={field.which}
          kind={field.kind}
          value={citizen[field.which]}
          maxLength={field.max}
          onChange={(v) => set(field.which, v)}
          onDone={() => {
            const i = FIELDS.indexOf(field);
            if (i < FIELDS.length - 1) setActive(FIELDS[i + 1]!.which);
            else next();
          }}
        />
      </aside>
    </>
  );
}

export function ConfirmStep({
  point,
  procedureName,
  slot,
  citizen,
  onConfirm,
  onChangeWho,
  onChangeSlot,
}: {
  point: BookingPoint;
  procedureName: string;
  slot: Slot;
  citizen: CitizenTyped;
  onConfirm(): void;
  onChangeWho(): void;
  onChangeSlot(): void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <main className="screen booking" data-testid="booking-screen" data-step="confirm">
      <h1>{t('booking.confirm.title')}</h1>
      <dl className="card booking-summary">
        <dt>{t('booking.confirm.when')}</dt>
        <dd className="booking-summary-strong" data-testid="booking-summary-when">{slotWhen(slot, i18n.language)}</dd>
        <dt>{t('booking.confirm.where')}</dt>
        <dd>
          <span className="booking-summary-strong">{point.name}</span>
          <span className="booking-summary-address">{point.address}</span>
        </dd>
        <dt>{t('booking.confirm.what')}</dt>
        <dd>{procedureName}</dd>
        <dt>{t('booking.confirm.who')}</dt>
        <dd>
          <span className="booking-summary-strong">{citizen.fullName.trim()}</span>
          <span>{t('booking.confirm.idAndPhone', { id: maskedId(citizen.idNumber), phone: citizen.phone })}</span>
        </dd>
      </dl>
      <p className="banner info booking-consent" data-testid="booking-consent">{t('booking.confirm.consent')}</p>
      <div className="button-row">
        <button type="button" className="button primary booking-big-button" data-testid="booking-confirm" onClick={onConfirm}>
          {t('booking.confirm.submit')}
        </button>
      </div>
      <div className="button-row booking-secondary">
        <button type="button" className="button" data-testid="booking-change-who" onClick={onChangeWho}>
          {t('booking.confirm.changeWho')}
        </button>
        <button type="button" className="button" data-testid="booking-change-slot" onClick={onChangeSlot}>
          {t('booking.confirm.changeSlot')}
        </button>
      </div>
    </main>
  );
}
