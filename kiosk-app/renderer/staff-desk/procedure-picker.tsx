import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api-client/trpc-react';
import { localized } from '../i18n/localized';

// A procedure chosen by typing part of its name (catalog.search): the matches under the field,
// Enter takes the first one, a click or Tab + Enter any of them.

export interface PickedProcedure {
  readonly code: string;
  readonly name: string;
}

export function ProcedurePicker({ id, value, onChange }: { id: string; value: PickedProcedure | null; onChange(p: PickedProcedure | null): void }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const query = text.trim();
  const searching = value === null && query.length >= 2;
  const found = useQuery(trpc.catalog.search.queryOptions({ query, limit: 6 }, { enabled: searching, staleTime: 60_000 }));
  const options = searching ? (found.data ?? []).map((p) => ({ code: p.code, name: localized(p.name, i18n.language) })) : [];

  const pick = (p: PickedProcedure) => {
    onChange(p);
    setText(p.name);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && options[0]) {
      e.preventDefault();
      pick(options[0]);
    }
  };

  return (
    <div className="desk-picker">
      <input
        id={id}
        className="desk-input"
        data-testid="walkin-procedure"
        data-code={value?.code ?? ''}
        value={text}
        placeholder={t('staff.walkIn.procedureSearch')}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          if (value) onChange(null);
        }}
        onKeyDown={onKey}
        role="combobox"
        aria-expanded={options.length > 0}
        aria-controls={`${id}-options`}
      />
      {searching && found.status === 'success' && options.length === 0 && <p className="muted">{t('staff.walkIn.noMatch')}</p>}
      {options.length > 0 && (
        <ul className="desk-picker-options" id={`${id}-options`} role="listbox">
          {options.map((p) => (
            <li key={p.code} role="option" aria-selected={false}>
              <button type="button" className="desk-picker-option" data-testid="walkin-procedure-option" data-code={p.code} onClick={() => pick(p)}>
                {p.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
