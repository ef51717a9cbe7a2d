import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { useQuery } from '../api-client/use-query';
import { ProcedureList } from '../components/procedure-list';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';

export function SearchScreen() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  // Results follow the typing, a beat behind so each key press does not query.
  useEffect(() => {
    const id = setTimeout(() => setQuery(text.trim()), 120);
    return () => clearTimeout(id);
  }, [text]);
  const results = useQuery(`search:${query}`, () => (query ? api.catalog.search.query({ query, limit: 10 }) : Promise.resolve([])));
  return (
    <main className="screen" data-testid="search-screen">
      <h1>{t('search.title')}</h1>
      <label className="field-label" htmlFor="search-input">
        {t('search.label')}
      </label>
      <input
        id="search-input"
        className="text-input"
        data-testid="search-input"
        type="search"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <OnScreenKeyboard value={text} onChange={setText} />
      <div aria-live="polite" className="result-count" data-testid="search-count">
        {query === ''
          ? t('search.typeToSearch')
          : results.status === 'ready'
            ? results.data.length === 0
              ? t('search.none')
              : t('search.results', { count: results.data.length })
            : ''}
      </div>
      {results.status === 'ready' && <ProcedureList procedures={results.data} />}
    </main>
  );
}
