import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormField } from '../../api/types';
import { localized } from '../i18n/localized';
import { FieldInput, KeyboardDock, type EditableField, type FieldKind } from './journey-fields';
import { formFieldKind, formFieldMaxLength } from './form-field-kind';
import type { StepProps } from './journey-screen';
import { Actions, Btn, Problem, StepFrame, showDate } from './journey-ui';

// The procedure's e-form, its fields from the catalogue. Answers live in the journey
// machine, so leaving and coming back shows them again; problems come from the core's
// validation, in plain words in the citizen's language.

const kindOf = (f: FormField): FieldKind | 'select' => formFieldKind(f);
const maxLengthOf = (f: FormField) => formFieldMaxLength(f, 8);

export function FormStep({ state, send, procedure }: StepProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { answers, problems, identity } = state.context;
  const typeable = procedure.formFields.filter((f) => kindOf(f) !== 'select');
  const [active, setActive] = useState<string | null>(() => typeable.find((f) => !answers[f.id])?.id ?? null);
  const checking = state.matches({ form: 'validating' }) || state.matches({ form: 'prefilling' });

  const problemOf = (id: string) => {
    const p = problems.find((x) => x.field === id);
    return p ? t(`journey.problems.${p.code}`, { min: 'min' in p ? p.min : undefined, max: 'max' in p ? p.max : undefined }) : undefined;
  };
  const editable = (f: FormField): EditableField => ({
    id: f.id,
    label: localized(f.label, lang),
    kind: kindOf(f) as FieldKind,
    value: answers[f.id] ?? '',
    maxLength: maxLengthOf(f),
    required: f.required,
    problem: problemOf(f.id),
    hint: f.type === 'phone' ? t('journey.form.phoneHint') : f.type === 'number' && f.min !== undefined && f.max !== undefined ? t('journey.form.numberHint', { min: f.min, max: f.max }) : undefined,
  });
  const set = (field: string, value: string) => send({ type: 'SET_ANSWER', field, value });
  const activeDef = procedure.formFields.find((f) => f.id === active);
  const next = () => {
    const i = typeable.findIndex((f) => f.id === active);
    setActive(typeable[i + 1]?.id ?? null);
  };

  return (
    <StepFrame
      step="form"
      title={t('journey.form.title')}
      lead={t('journey.form.lead', { procedure: localized(procedure.name, lang) })}
      aside={activeDef && kindOf(activeDef) !== 'select' ? <KeyboardDock field={editable(activeDef)} onChange={(v) => set(activeDef.id, v)} onDone={next} /> : undefined}
    >
      {identity && (
        <section className="card journey-applicant" aria-labelledby="applicant-h">
          <h2 id="applicant-h">{t('journey.form.applicant')}</h2>
          <p data-testid="applicant-name">
            {identity.fullName} · {identity.idNumberMasked} · {showDate(identity.dateOfBirth)}
          </p>
        </section>
      )}
      {problems.length > 0 && (
        <p className="journey-problem" role="alert" data-testid="form-problems">
          {t('journey.form.fixProblems', { count: problems.length })}
        </p>
      )}
      <Problem error={state.context.error} />
      {procedure.formFields.map((f) =>
        kindOf(f) === 'select' ? (
          <fieldset key={f.id} className={`journey-choices${problemOf(f.id) ? ' invalid' : ''}`} data-testid={`field-${f.id}`}>
            <legend className="field-label">
              {localized(f.label, lang)}
              {!f.required && <span className="journey-optional"> ({t('journey.form.optional')})</span>}
            </legend>
            {f.options!.map((o) => (
              <button
                key={o.value}
                type="button"
                className={`choice${answers[f.id] === o.value ? ' selected' : ''}`}
                aria-pressed={answers[f.id] === o.value}
                data-testid={`option-${f.id}-${o.value}`}
                onClick={() => {
                  set(f.id, o.value);
                  setActive(null);
                }}
              >
                {localized(o.label, lang)}
              </button>
            ))}
            {problemOf(f.id) && (
              <p className="journey-field-problem" data-testid={`problem-${f.id}`}>
                {problemOf(f.id)}
              </p>
            )}
          </fieldset>
        ) : (
          <FieldInput key={f.id} field={editable(f)} active={active === f.id} onActivate={() => setActive(f.id)} onChange={(v) => set(f.id, v)} />
        ),
      )}
      <Actions>
        <Btn testId="form-next" primary onClick={() => send({ type: 'NEXT' })} disabled={checking}>
          {t('common.next')}
        </Btn>
        <Btn testId="form-back" onClick={() => send({ type: 'BACK' })} disabled={checking}>
          {t('common.back')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}
