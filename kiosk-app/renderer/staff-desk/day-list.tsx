import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hanoiDate } from '../../../common/hanoi-time';
import { api } from '../api-client/api-client';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { formatClock, formatDay } from '../i18n/localized';
import { AssistedJourney } from '../assisted/assisted-journey';
import { CheckInBar } from './check-in-bar';
import { useDesk } from './desk-context';
import { DeskIcon } from './desk-icon';
import { DeskNotice, type Notice } from './desk-notice';
import type { RowAction } from './day-row-view';
import { DayTable } from './day-table';
import type { DayListValue, DayRow } from './desk-types';
import { shiftEndedBy } from './shift-guard';
import { useStaffErrorText } from './staff-error-text';
import { WalkInForm } from './walk-in-form';

// Today's list at the point (staff.dayList): check-in at the top, the table, walk-ins below.
// Read again every minute while it is on screen and after every change; when the city does not
// answer, the list kept on this device serves, and a banner says since when. "Làm hồ sơ" opens
// the assisted journey in place of the list, which stays mounted underneath.

const REFRESH_EVERY_MS = 60_000;

export function DayList({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const desk = useDesk();
  const trpc = useTRPC();
  const errorText = useStaffErrorText('list');
  const list = useQuery(trpc.staff.dayList.queryOptions({}, { refetchInterval: active ? REFRESH_EVERY_MS : false }));
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [open, setOpen] = useState<DayRow | null>(null);
  const { refetch } = list;

  const answer = list.data;
  const ended = shiftEndedBy(answer);
  useEffect(() => {
    if (ended) desk.ended(ended);
  }, [ended, desk]);

  // Back on screen (from another section, or an unlock): read it again.
  const wasActive = useRef(active);
  useEffect(() => {
    if (active && !wasActive.current) void refetch();
    wasActive.current = active;
  }, [active, refetch]);

  const changed = (n: Notice) => {
    setNotice(n);
    if (n.kind === 'ok') void refetch();
  };

  const onAction = async (row: DayRow, action: RowAction) => {
    const name = row.citizen.fullName;
    if (action === 'start' && row.status !== 'booked') return setOpen(row);
    setBusyId(row.appointmentId);
    const status = action === 'noShow' ? 'no_show' : 'checked_in';
    const r = await desk.call(api.staff.setStatus.mutate({ appointmentId: row.appointmentId, status }));
    setBusyId(null);
    if (!r.ok) return setNotice({ kind: 'error', code: r.error.code, text: errorText(r.error) });
    const said = t(action === 'noShow' ? 'staff.list.markedNoShow' : 'staff.list.checkedIn', { name });
    changed({ kind: 'ok', text: r.value.unsent ? `${said} ${t('staff.list.keptUnsent')}` : said });
    if (action === 'start') setOpen(r.value);
  };

  const closeAssisted = () => {
    setOpen(null);
    void refetch();
  };

  return (
    <>
      {open && (
        <AssistedJourney
          key={open.appointmentId}
          procedureCode={open.procedureCode}
          appointmentId={open.appointmentId}
          // A walk-in has no ID number on the list (maskedId ''): no card to hold the citizen's against.
          expected={open.citizen.maskedId ? { maskedId: open.citizen.maskedId, fullName: open.citizen.fullName } : undefined}
          onClose={closeAssisted}
        />
      )}
      <div className="desk-list" hidden={open !== null}>
        <div className="desk-list-head">
          <h1>{t('staff.list.title', { date: formatDay(answer?.ok ? answer.value.date : hanoiDate(new Date()), i18n.language) })}</h1>
          <button type="button" className="desk-button" data-testid="list-refresh" disabled={list.isFetching} onClick={() => void refetch()}>
            <DeskIcon name="refresh" />
            {list.isFetching ? t('staff.list.refreshing') : t('staff.list.refresh')}
          </button>
        </div>
        {answer?.ok && <Freshness list={answer.value} lang={i18n.language} />}
        <CheckInBar onDone={changed} />
        <DeskNotice notice={notice} testId="list-notice" />
        {list.status !== 'success' ? (
          <QueryStatus state={list} />
        ) : !answer?.ok ? (
          ended ? null : <p className="error-box" role="alert">{errorText(answer?.error ?? { code: 'generic' })}</p>
        ) : answer.value.rows.length === 0 ? (
          <p className="banner info" data-testid="list-empty">{t('staff.list.empty')}</p>
        ) : (
          <>
            <p className="muted">{t('staff.list.count', { count: answer.value.rows.length })}</p>
            <DayTable rows={answer.value.rows} busyId={busyId} onAction={(row, a) => void onAction(row, a)} />
          </>
        )}
        {desk.can('check-in') && <WalkInForm onAdded={changed} />}
      </div>
    </>
  );
}

/** When the list was read: a plain line when fresh, a banner when the city did not answer. */
function Freshness({ list, lang }: { list: DayListValue; lang: string }) {
  const { t } = useTranslation();
  if (list.fresh) return <p className="muted" data-testid="list-updated">{list.readAt ? t('staff.list.updated', { time: formatClock(list.readAt, lang) }) : null}</p>;
  return (
    <p className="banner warn desk-stale" role="status" data-testid="list-stale">
      {list.readAt ? t('staff.list.stale', { time: formatClock(list.readAt, lang) }) : t('staff.list.staleNever')}
    </p>
  );
}
