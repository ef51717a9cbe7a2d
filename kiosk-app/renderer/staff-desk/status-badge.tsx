import { useTranslation } from 'react-i18next';
import { DeskIcon } from './desk-icon';
import { STATUS_ICON, type RowStatus } from './day-row-view';

/** A row's status: its colour, its icon and its words (never colour alone). */
export function StatusBadge({ status }: { status: RowStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`desk-status desk-status-${status}`} data-testid="row-status">
      <DeskIcon name={STATUS_ICON[status]} />
      {t(`staff.list.status.${status}`)}
    </span>
  );
}
