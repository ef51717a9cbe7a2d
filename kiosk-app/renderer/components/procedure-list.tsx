import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import { localized } from '../i18n/localized';
import { useSession } from '../session/session-context';

export function ProcedureList({ procedures }: { procedures: readonly Procedure[] }) {
  const { i18n } = useTranslation();
  const { navigate } = useSession();
  return (
    <ul className="procedure-list" data-testid="procedure-list">
      {procedures.map((p) => (
        <li key={p.code}>
          <button
            type="button"
            className="list-button"
            data-testid={`procedure-${p.code}`}
            onClick={() => navigate({ name: 'procedure', code: p.code })}
          >
            <span className="list-title">{localized(p.name, i18n.language)}</span>
            <span className="list-meta">{localized(p.agency, i18n.language)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
