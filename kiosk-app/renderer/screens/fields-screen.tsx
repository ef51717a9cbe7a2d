import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { useQuery } from '../api-client/use-query';
import { ProcedureList } from '../components/procedure-list';
import { QueryStatus } from '../components/query-status';
import { localized } from '../i18n/localized';
import { useSession } from '../session/session-context';

export function FieldsScreen() {
  const { t, i18n } = useTranslation();
  const { navigate } = useSession();
  const fields = useQuery('fields', () => api.catalog.fields.query());
  return (
    <main className="screen" data-testid="fields-screen">
      <h1>{t('home.browse')}</h1>
      <QueryStatus state={fields} />
      {fields.status === 'ready' && (
        <div className="choice-grid">
          {fields.data.map((f) => (
            <button key={f.code} type="button" className="choice tall" data-testid={`field-${f.code}`} onClick={() => navigate({ name: 'field', field: f.code })}>
              <span className="list-title">{localized(f.name, i18n.language)}</span>
              <span className="list-meta">{t('home.procedures', { count: f.count })}</span>
            </button>
          ))}
        </div>
      )}
    </main>
  );
}

export function FieldScreen({ field }: { field: string }) {
  const { t, i18n } = useTranslation();
  const data = useQuery(`field:${field}`, async () => {
    const [fields, procedures] = await Promise.all([api.catalog.fields.query(), api.catalog.byField.query({ field })]);
    return { field: fields.find((f) => f.code === field), procedures };
  });
  return (
    <main className="screen" data-testid="field-screen">
      <QueryStatus state={data} />
      {data.status === 'ready' && (
        <>
          <h1>{t('field.title', { name: localized(data.data.field?.name, i18n.language) })}</h1>
          <ProcedureList procedures={data.data.procedures} />
        </>
      )}
    </main>
  );
}
