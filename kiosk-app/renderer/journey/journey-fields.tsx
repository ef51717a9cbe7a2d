import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';
import { dateDigits, fromDateDigits, showDate } from './journey-ui';

// A form field typed on the on-screen keyboard. The keyboard lives outside <main> (in a
// dock at the bottom), so reading the screen aloud reads the form, not the keys.

export type FieldKind = 'text' | 'numeric' | 'date' | 'email';

export interface EditableField {
  readonly id: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly value: string;
  readonly maxLength: number;
  readonly required: boolean;
  readonly problem?: string | undefined;
  readonly hint?: string | undefined;
}

/** What the keyboard edits for a field (dates as their digits), and back. */
function keyboardValue(f: EditableField): string {
  return f.kind === 'date' ? dateDigits(f.value) : f.value;
}
function fromKeyboard(f: EditableField, v: string): string {
  if (f.kind === 'date') return fromDateDigits(v);
  if (f.kind === 'numeric') return v.replace(/\D/g, '');
  return v.normalize('NFC');
}

export function FieldInput({ field, active, onActivate, onChange }: { field: EditableField; active: boolean; onActivate(): void; onChange(value: string): void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement | null>(null);
  const id = `jf-${field.id}`;
  // The field being typed into must not hide behind the keyboard dock or the top bar.
  useEffect(() => {
    if (!active || !box.current) return;
    const r = box.current.getBoundingClientRect();
    const dock = document.querySelector('.journey-keyboard')?.getBoundingClientRect();
    const bar = document.querySelector('.topbar')?.getBoundingClientRect();
    const hiddenBelow = dock && dock.left < r.right && r.bottom > dock.top;
    const hiddenAbove = bar && r.top < bar.bottom;
    if (hiddenBelow || hiddenAbove) box.current.scrollIntoView({ block: 'start' });
  }, [active]);
  const shown = field.kind === 'date' ? showDate(field.value) : field.value;
  const described = [field.hint ? `${id}-hint` : '', field.problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div ref={box} className={`journey-field${active ? ' active' : ''}${field.problem ? ' invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {field.label}
        {!field.required && <span className="journey-optional"> ({t('journey.form.optional')})</span>}
      </label>
      {field.hint && (
        <p id={`${id}-hint`} className="journey-hint">
          {field.hint}
        </p>
      )}
      <input
        id={id}
        className="text-input"
        data-testid={`field-${field.id}`}
        // The on-screen keyboard types here; no system keyboard pops up on a touch screen.
        inputMode="none"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        value={shown}
        placeholder={field.kind === 'date' ? t('journey.form.datePlaceholder') : undefined}
        aria-invalid={field.problem ? true : undefined}
        aria-describedby={described || undefined}
        onFocus={onActivate}
        onClick={onActivate}
        onChange={(e) => onChange(fromKeyboard(field, field.kind === 'date' ? e.target.value.replace(/\D/g, '') : e.target.value))}
      />
      {field.problem && (
        <p id={`${id}-problem`} className="journey-field-problem" data-testid={`problem-${field.id}`}>
          {field.problem}
        </p>
      )}
    </div>
  );
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
const EMAIL_KEYS = ['@', '-', '_'];

export function KeyboardDock({ field, onChange, onDone }: { field: EditableField; onChange(value: string): void; onDone(): void }) {
  const { t } = useTranslation();
  const value = keyboardValue(field);
  const numeric = field.kind === 'numeric' || field.kind === 'date';
  const append = (k: string) => {
    if ([...value].length < field.maxLength) onChange(fromKeyboard(field, value + k));
  };
  return (
    <aside className="journey-keyboard" aria-label={t('journey.keyboard.label', { field: field.label })} data-testid="journey-keyboard" data-field={field.id}>
      <p className="journey-keyboard-for">{t('journey.keyboard.typingInto', { field: field.label })}</p>
      {!numeric && (
        <div className="journey-extra-keys" data-testid="extra-keys">
          {[...DIGITS, ...(field.kind === 'email' ? EMAIL_KEYS : [])].map((k) => (
            <button key={k} type="button" className="journey-key" data-key={k} onClick={() => append(k)}>
              {k}
            </button>
          ))}
        </div>
      )}
      <OnScreenKeyboard kind={numeric ? 'numeric' : 'text'} value={value} maxLength={field.maxLength} onChange={(v) => onChange(fromKeyboard(field, v))} onDone={onDone} />
    </aside>
  );
}
