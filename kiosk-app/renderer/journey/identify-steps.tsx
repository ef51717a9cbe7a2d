import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hanoiDate } from '../../../common/hanoi-time';
import { api } from '../api-client/api-client';
import { FieldInput, KeyboardDock, type EditableField } from './journey-fields';
import type { StepProps } from './journey-screen';
import { Actions, Btn, Problem, StepFrame, Waiting, showDate } from './journey-ui';
import type { TypedIdentity } from './journey-context';

// Identify: the CCCD's QR at the reader, the MRZ from a scan of the card's back, or the
// ID number typed. Whatever the way, the citizen confirms who the kiosk thinks they are.

export function IdentifyChooseStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  return (
    <StepFrame step="identify" title={t('journey.identify.title')} lead={t('journey.identify.lead')}>
      <Problem error={state.context.error} />
      <div className="tile-grid journey-ways">
        <button type="button" className="tile primary" data-testid="identify-card" onClick={() => send({ type: 'READ_CARD' })}>
          <span className="tile-title">{t('journey.identify.card')}</span>
          <span className="tile-hint">{t('journey.identify.cardHint')}</span>
        </button>
        <button type="button" className="tile" data-testid="identify-mrz" onClick={() => send({ type: 'READ_MRZ' })}>
          <span className="tile-title">{t('journey.identify.mrz')}</span>
          <span className="tile-hint">{t('journey.identify.mrzHint')}</span>
        </button>
        <button type="button" className="tile" data-testid="identify-typed" onClick={() => send({ type: 'TYPE_ID' })}>
          <span className="tile-title">{t('journey.identify.typed')}</span>
          <span className="tile-hint">{t('journey.identify.typedHint')}</span>
        </button>
      </div>
    </StepFrame>
  );
}

/** The trainer's controls in demo mode: outside <main>, so they are not read aloud. */
function TrainerCard() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  return (
    <aside className="journey-trainer" aria-label={t('journey.trainer.label')}>
      <p>{t('journey.trainer.note')}</p>
      <button
        type="button"
        className="button"
        data-testid="trainer-present-card"
        disabled={sent}
        onClick={() => {
          setSent(true);
          void api.demo.presentCard.mutate({ what: 'sample-card' }).finally(() => setSent(false));
        }}
      >
        {t('journey.trainer.presentCard')}
      </button>
    </aside>
  );
}

export function CardWaitStep({ state, send, demo }: StepProps) {
  const { t } = useTranslation();
  const cancelling = !state.matches({ identify: 'reading-card' });
  return (
    <StepFrame step="card-wait" title={t('journey.card.title')} aside={demo?.idReader ? <TrainerCard /> : undefined}>
      <ol className="journey-howto">
        <li>{t('journey.card.step1')}</li>
        <li>{t('journey.card.step2')}</li>
        <li>{t('journey.card.step3')}</li>
      </ol>
      <Waiting text={t('journey.card.waiting')} />
      <Actions>
        <Btn testId="card-cancel" onClick={() => send({ type: 'CANCEL' })} disabled={cancelling}>
          {t('journey.card.otherWay')}
        </Btn>
        <Btn testId="card-type-instead" onClick={() => send({ type: 'TYPE_ID' })} disabled={cancelling}>
          {t('journey.identify.typed')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function MrzStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  const reading = state.matches({ identify: 'reading-mrz' });
  return (
    <StepFrame step="mrz" title={t('journey.mrz.title')}>
      <ol className="journey-howto">
        <li>{t('journey.mrz.step1')}</li>
        <li>{t('journey.mrz.step2')}</li>
      </ol>
      <Problem error={state.context.error} />
      {reading ? (
        <Waiting text={t('journey.mrz.reading')} />
      ) : (
        <Actions>
          <Btn testId="mrz-scan" primary onClick={() => send({ type: 'CONFIRM' })}>
            {t('journey.mrz.scan')}
          </Btn>
          <Btn testId="mrz-type-instead" onClick={() => send({ type: 'TYPE_ID' })}>
            {t('journey.identify.typed')}
          </Btn>
          <Btn testId="mrz-cancel" onClick={() => send({ type: 'CANCEL' })}>
            {t('journey.card.otherWay')}
          </Btn>
        </Actions>
      )}
    </StepFrame>
  );
}

type TypedField = 'idNumber' | 'fullName' | 'dateOfBirth' | 'address';
const TYPED_ORDER: TypedField[] = ['idNumber', 'fullName', 'dateOfBirth', 'address'];

/** What is still wrong with the typed identity, as problem codes per field. */
export function typedProblems(v: TypedIdentity, today: string): Partial<Record<keyof TypedIdentity, string>> {
  const p: Partial<Record<keyof TypedIdentity, string>> = {};
  if (!/^\d{12}$/.test(v.idNumber)) p.idNumber = v.idNumber ? 'bad-id-number' : 'required';
  if (v.fullName.trim().length < 2) p.fullName = 'required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.dateOfBirth)) p.dateOfBirth = v.dateOfBirth ? 'not-a-date' : 'required';
  else if (v.dateOfBirth > today) p.dateOfBirth = 'date-in-future';
  if (!v.sex) p.sex = 'required';
  return p;
}

export function TypingStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  const typed = state.context.typed;
  const [active, setActive] = useState<TypedField | null>('idNumber');
  const [tried, setTried] = useState(false);
  const saving = state.matches({ identify: 'saving-typed' });
  const today = hanoiDate(new Date());
  const problems = typedProblems(typed, today);
  const problemText = (f: keyof TypedIdentity) => (tried && problems[f] ? t(`journey.problems.${problems[f]}`) : undefined);
  const fields: Record<TypedField, EditableField> = {
    idNumber: { id: 'idNumber', label: t('journey.typed.idNumber'), hint: t('journey.typed.idNumberHint'), kind: 'numeric', value: typed.idNumber, maxLength: 12, required: true, problem: problemText('idNumber') },
    fullName: { id: 'fullName', label: t('journey.typed.fullName'), hint: t('journey.typed.fullNameHint'), kind: 'text', value: typed.fullName, maxLength: 100, required: true, problem: problemText('fullName') },
    dateOfBirth: { id: 'dateOfBirth', label: t('journey.typed.dateOfBirth'), kind: 'date', value: typed.dateOfBirth, maxLength: 8, required: true, problem: problemText('dateOfBirth') },
    address: { id: 'address', label: t('journey.typed.address'), kind: 'text', value: typed.address, maxLength: 300, required: false },
  };
  const set = (field: keyof TypedIdentity, value: string) => send({ type: 'SET_TYPED', field, value });
  const next = () => {
    const i = active ? TYPED_ORDER.indexOf(active) : -1;
    setActive(TYPED_ORDER[i + 1] ?? null);
  };
  const save = () => {
    setTried(true);
    if (Object.keys(problems).length === 0) send({ type: 'SAVE_TYPED' });
  };
  const activeField = active ? fields[active] : null;
  return (
    <StepFrame
      step="typing"
      title={t('journey.typed.title')}
      lead={t('journey.typed.lead')}
      aside={activeField ? <KeyboardDock field={activeField} onChange={(v) => set(activeField.id as TypedField, v)} onDone={next} /> : undefined}
    >
      <Problem error={state.context.error} />
      {TYPED_ORDER.slice(0, 3).map((f) => (
        <FieldInput key={f} field={fields[f]} active={active === f} onActivate={() => setActive(f)} onChange={(v) => set(f, v)} />
      ))}
      <fieldset className="journey-choices">
        <legend className="field-label">{t('journey.typed.sex')}</legend>
        {(['male', 'female'] as const).map((sex) => (
          <button key={sex} type="button" className={`choice${typed.sex === sex ? ' selected' : ''}`} aria-pressed={typed.sex === sex} data-testid={`typed-sex-${sex}`} onClick={() => set('sex', sex)}>
            {t(`journey.sex.${sex}`)}
          </button>
        ))}
        {problemText('sex') && <p className="journey-field-problem">{problemText('sex')}</p>}
      </fieldset>
      <FieldInput field={fields.address} active={active === 'address'} onActivate={() => setActive('address')} onChange={(v) => set('address', v)} />
      <Actions>
        <Btn testId="typed-save" primary onClick={save} disabled={saving}>
          {t('common.next')}
        </Btn>
        <Btn testId="typed-cancel" onClick={() => send({ type: 'CANCEL' })} disabled={saving}>
          {t('journey.card.otherWay')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function ConfirmIdentityStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  const id = state.context.identity!;
  return (
    <StepFrame step="confirm" title={t('journey.confirm.title')} lead={t(`journey.confirm.from.${id.source === 'mrz' ? 'mrz' : id.source === 'typed' ? 'typed' : 'qr'}`)}>
      <dl className="card journey-facts" data-testid="identity-summary">
        <dt>{t('journey.typed.fullName')}</dt>
        <dd data-testid="identity-name">{id.fullName}</dd>
        <dt>{t('journey.typed.idNumber')}</dt>
        <dd data-testid="identity-id">{id.idNumberMasked}</dd>
        <dt>{t('journey.typed.dateOfBirth')}</dt>
        <dd>{showDate(id.dateOfBirth)}</dd>
        {id.sex && (
          <>
            <dt>{t('journey.typed.sex')}</dt>
            <dd>{t(`journey.sex.${id.sex}`)}</dd>
          </>
        )}
        {id.address && (
          <>
            <dt>{t('journey.typed.address')}</dt>
            <dd>{id.address}</dd>
          </>
        )}
      </dl>
      <p className="muted">{t('journey.confirm.masked')}</p>
      <Actions>
        <Btn testId="identity-confirm" primary onClick={() => send({ type: 'CONFIRM' })}>
          {t('journey.confirm.yes')}
        </Btn>
        <Btn testId="identity-retry" onClick={() => send({ type: 'BACK' })}>
          {t('journey.confirm.no')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}
