import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api-client/trpc-react';
import { ProcedureList } from '../components/procedure-list';
import { QueryStatus } from '../components/query-status';
import { localized } from '../i18n/localized';
import { useSession } from '../session/session-context';

export function FieldsScreen() {
  const { t, i18n } = useTranslation();
  const { navigate } = useSession();
  const trpc = useTRPC();
  const fields = useQuery(trpc.catalog.fields.queryOptions());
  return (
    <main className="screen" data-testid="fields-screen">
      <h1>{t('home.browse')}</h1>
      <QueryStatus state={fields} />
      {fields.status === 'success' && (
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
  const trpc = useTRPC();
  const fields = useQuery(trpc.catalog.fields.queryOptions());
  const procedures = useQuery(trpc.catalog.byField.queryOptions({ field }));
  const unready = fields.status !== 'success' ? fields : procedures;
  return (
    <main className="screen" data-testid="field-screen">
      <QueryStatus state={unready} />
      {fields.status === 'success' && procedures.status === 'success' && (
        <>
          <h1>{t('field.title', { name: localized(fields.data.find((f) => f.code === field)?.name, i18n.language) })}</h1>
          <ProcedureList procedures={procedures.data} />
        </>
      )}
    </main>
  );
}
