import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormField } from '../../api/types';
import { localized } from '../i18n/localized';
import { fromDateDigits, showDate } from '../journey/journey-ui';
import { formFieldKind, formFieldMaxLength, type FormFieldKind } from '../journey/form-field-kind';
import type { FieldProblem } from '../journey/journey-context';
import { ClerkSection, StateIcon } from './assisted-ui';
import { IME_METHODS, type ImeMethod } from './ime-keys';
import { imeKeyDown, useImeMethod } from './use-ime';

// The procedure's whole e-form at once, as real inputs typed on the hardware keyboard:
// Vietnamese by Telex or VNI (the switch in the header), natural tab order, Enter to the next
// field and from the last to the next section, dates as dd/mm/yyyy, choices as native selects.
// Problems come from the core's validation and show under a field once the clerk has left it.

type Kind = FormFieldKind;
const kindOf = formFieldKind;
const maxLengthOf = (f: FormField) => formFieldMaxLength(f, 10);

export interface FormSectionProps {
  readonly fields: readonly FormField[];
  readonly answers: Readonly<Record<string, string>>;
  problemOf(field: string): FieldProblem | undefined;
  readonly locked: boolean;
  readonly count: number;
  onChange(field: string, value: string): void;
  onLeave(field: string): void;
  /** Enter on the last field: the next section. */
  onDone(): void;
}

export function FormSection({ fields, answers, problemOf, locked, count, onChange, onLeave, onDone }: FormSectionProps) {
  const { t } = useTranslation();
  const [method, setMethod] = useImeMethod();
  // Enter moves on, as Tab does; on the last field, to the next section.
  const enter = (i: number) => (e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    const next = fields[i + 1];
    if (next) document.getElementById(`af-${next.id}`)?.focus();
    else onDone();
  };
  return (
    <ClerkSection id="form" n={2} title={t('assisted.sections.form')} locked={locked} tools={<ImeSwitch method={method} onChange={setMethod} />}>
      <p className="assisted-help">{t('assisted.form.help')}</p>
      {count > 0 && (
        <p className="assisted-problem-count" role="status" data-testid="form-problems">
          <StateIcon kind="problem" />
          {t('assisted.form.problems', { count })}
        </p>
      )}
      <div className="assisted-fields">
        {fields.map((f, i) => (
          <Field key={f.id} field={f} value={answers[f.id] ?? ''} problem={problemOf(f.id)} disabled={locked} method={method} onChange={(v) => onChange(f.id, v)} onLeave={() => onLeave(f.id)} onKeyDown={enter(i)} />
        ))}
      </div>
    </ClerkSection>
  );
}

function ImeSwitch({ method, onChange }: { method: ImeMethod; onChange(m: ImeMethod): void }) {
  const { t } = useTranslation();
  return (
    <div className="assisted-ime" role="group" aria-label={t('assisted.form.ime')}>
      <span className="assisted-ime-label" aria-hidden="true">
        {t('assisted.form.ime')}
      </span>
      {IME_METHODS.map((m) => (
        <button key={m} type="button" aria-pressed={method === m} className={`assisted-ime-choice${method === m ? ' selected' : ''}`} data-testid={`ime-${m}`} onClick={() => onChange(m)}>
          {method === m && <StateIcon kind="ok" />}
          {t(`assisted.form.methods.${m}`)}
        </button>
      ))}
    </div>
  );
}

interface FieldProps {
  readonly field: FormField;
  readonly value: string;
  readonly problem: FieldProblem | undefined;
  readonly disabled: boolean;
  readonly method: ImeMethod;
  onChange(value: string): void;
  onLeave(): void;
  onKeyDown(e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>): void;
}

function Field({ field: f, value, problem, disabled, method, onChange, onLeave, onKeyDown }: FieldProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = `af-${f.id}`;
  const kind = kindOf(f);
  const hint = kind === 'date' ? t('assisted.form.dateHint') : f.type === 'phone' ? t('journey.form.phoneHint') : f.type === 'number' && f.min !== undefined && f.max !== undefined ? t('journey.form.numberHint', { min: f.min, max: f.max }) : null;
  const problemText = problem ? t(`journey.problems.${problem.code}`, { min: 'min' in problem ? problem.min : undefined, max: 'max' in problem ? problem.max : undefined }) : null;
  const described = [hint ? `${id}-hint` : '', problemText ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'data-testid': `field-${f.id}`,
    disabled,
    required: f.required,
    'aria-invalid': problemText ? true : undefined,
    'aria-describedby': described,
    onBlur: onLeave,
  } as const;
  return (
    <div className={`assisted-field${problemText ? ' invalid' : ''}${kind === 'text' ? ' wide' : ''}`}>
      <label htmlFor={id} className="assisted-label">
        {localized(f.label, lang)}
        {f.required ? (
          <span className="assisted-required">
            {' '}
            <span aria-hidden="true">*</span>
            <span className="sr-only">{t('assisted.form.required')}</span>
          </span>
        ) : (
          <span className="assisted-optional"> ({t('journey.form.optional')})</span>
        )}
      </label>
      {kind === 'select' ? (
        <select {...common} className="assisted-input" value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown}>
          <option value="">{t('assisted.form.choose')}</option>
          {f.options!.map((o) => (
            <option key={o.value} value={o.value}>
              {localized(o.label, lang)}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          className="assisted-input"
          type="text"
          inputMode={kind === 'numeric' || kind === 'date' ? 'numeric' : kind === 'email' ? 'email' : 'text'}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          lang={kind === 'text' ? 'vi' : undefined}
          maxLength={maxLengthOf(f)}
          placeholder={kind === 'date' ? t('assisted.form.datePlaceholder') : undefined}
          value={kind === 'date' ? showDate(value) : value}
          onChange={(e) => onChange(fromInput(kind, e.target.value))}
          onKeyDown={(e) => {
            if (kind === 'text') imeKeyDown(method, (v) => onChange(v.normalize('NFC')))(e);
            onKeyDown(e);
          }}
        />
      )}
      {hint && (
        <p id={`${id}-hint`} className="assisted-hint">
          {hint}
        </p>
      )}
      {problemText && (
        <p id={`${id}-problem`} className="assisted-field-problem" data-testid={`problem-${f.id}`}>
          <StateIcon kind="problem" />
          {problemText}
        </p>
      )}
    </div>
  );
}

/** What an input's text is as an answer: dates travel as yyyy-mm-dd once complete, numbers as digits. */
function fromInput(kind: Kind, text: string): string {
  if (kind === 'date') return fromDateDigits(text.replace(/\D/g, ''));
  if (kind === 'numeric') return text.replace(/\D/g, '');
  return text.normalize('NFC');
}
