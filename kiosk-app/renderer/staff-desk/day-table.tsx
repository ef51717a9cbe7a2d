import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api-client/trpc-react';
import { formatClock, localized } from '../i18n/localized';
import { useDesk } from './desk-context';
import { asRowStatus, rowActions, type RowAction } from './day-row-view';
import type { DayRow } from './desk-types';
import { StatusBadge } from './status-badge';

// The day's list as a table: time, name, masked ID, procedure, phone, status; and per row
// what may be done (api/staff-contract.ts's permissions).

export function DayTable({ rows, busyId, onAction }: { rows: readonly DayRow[]; busyId: string | null; onAction(row: DayRow, action: RowAction): void }) {
  const { t } = useTranslation();
  return (
    <table className="desk-table" data-testid="day-list">
      <thead>
        <tr>
          {(['time', 'name', 'id', 'procedure', 'phone', 'status', 'actions'] as const).map((c) => (
            <th key={c} scope="col">
              {t(`staff.list.columns.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <DayTableRow key={row.appointmentId} row={row} busy={busyId === row.appointmentId} onAction={(a) => onAction(row, a)} />
        ))}
      </tbody>
    </table>
  );
}

const ACTION_TEST_ID: Record<RowAction, string> = { checkIn: 'row-checkin', noShow: 'row-noshow', start: 'row-start' };

function DayTableRow({ row, busy, onAction }: { row: DayRow; busy: boolean; onAction(a: RowAction): void }) {
  const { t, i18n } = useTranslation();
  const { shift } = useDesk();
  const trpc = useTRPC();
  const procedure = useQuery(trpc.catalog.get.queryOptions({ code: row.procedureCode }, { staleTime: Infinity })).data;
  const status = asRowStatus(row.status);
  const name = row.citizen.fullName;
  return (
    <tr className={`desk-row desk-row-${status}`} data-testid="day-row" data-status={status} data-appointment-id={row.appointmentId} data-walk-in={row.walkIn || undefined}>
      <td className="desk-cell-time">{formatClock(row.start, i18n.language)}</td>
      <td>
        <span className="desk-cell-name">{name}</span>
        {row.walkIn && <span className="desk-tag desk-tag-walkin" data-testid="row-walkin">{t('staff.list.walkIn')}</span>}
      </td>
      <td className="desk-cell-mono">{row.citizen.maskedId || '—'}</td>
      <td>{procedure ? localized(procedure.name, i18n.language) : row.procedureCode}</td>
      <td className="desk-cell-mono">{row.citizen.phone || '—'}</td>
      <td>
        <StatusBadge status={status} />
        {row.unsent && (
          <span className="desk-tag desk-tag-unsent" data-testid="row-unsent" title={t('staff.list.unsentHint')}>
            {t('staff.list.unsent')}
          </span>
        )}
      </td>
      <td className="desk-cell-actions">
        {rowActions(status, shift.permissions).map((a) => (
          <button
            key={a}
            type="button"
            className={`desk-button desk-row-button${a === 'start' ? ' primary' : ''}`}
            data-testid={ACTION_TEST_ID[a]}
            disabled={busy}
            aria-label={t('staff.list.actions.for', { action: t(`staff.list.actions.${a}`), name })}
            onClick={() => onAction(a)}
          >
            {t(`staff.list.actions.${a}`)}
          </button>
        ))}
      </td>
    </tr>
  );
}
