import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { formatMoment, formatVnd, localized } from '../i18n/localized';
import { useDesk } from './desk-context';
import { DeskIcon } from './desk-icon';
import { DeskNotice, type Notice } from './desk-notice';
import type { ShiftReportValue } from './desk-types';
import { shiftEndedBy } from './shift-guard';
import { useStaffErrorText } from './staff-error-text';

// The shift so far (staff.shiftReport): dossiers by procedure, fees by method (cash is a method
// here), the day's appointments, what is still unsent; "In báo cáo và gửi" prints it on A4 and
// sends its counters to the city (staff.printShiftReport), and says how that went.

const METHODS = ['cash', 'card', 'vietqr'] as const;

export function ShiftReportView({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const desk = useDesk();
  const trpc = useTRPC();
  const errorText = useStaffErrorText('report');
  const report = useQuery(trpc.staff.shiftReport.queryOptions(undefined, { enabled: active }));
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const { refetch } = report;

  const ended = shiftEndedBy(report.data);
  useEffect(() => {
    if (ended) desk.ended(ended);
  }, [ended, desk]);

  const print = async () => {
    setBusy(true);
    setNotice({ kind: 'wait', text: t('staff.report.printing') });
    const r = await desk.call(api.staff.printShiftReport.mutate());
    setBusy(false);
    setNotice(r.ok ? { kind: 'ok', text: t('staff.report.printed') } : { kind: 'error', code: r.error.code, text: errorText(r.error) });
    void refetch();
  };

  const answer = report.data;
  return (
    <div className="desk-report">
      <div className="desk-list-head">
        <h1>{t('staff.report.title')}</h1>
        <button type="button" className="desk-button" data-testid="report-refresh" disabled={report.isFetching} onClick={() => void refetch()}>
          <DeskIcon name="refresh" />
          {t('staff.report.refresh')}
        </button>
        <button type="button" className="desk-button primary" data-testid="report-print" disabled={busy || !answer?.ok} onClick={() => void print()}>
          <DeskIcon name="upload" />
          {busy ? t('staff.report.printing') : t('staff.report.print')}
        </button>
      </div>
      <DeskNotice notice={notice} testId="report-notice" />
      {report.status !== 'success' ? (
        <QueryStatus state={report} />
      ) : answer && !answer.ok ? (
        ended ? null : <p className="error-box" role="alert">{errorText(answer.error)}</p>
      ) : answer?.ok ? (
        <ReportFigures report={answer.value} />
      ) : null}
    </div>
  );
}

function ReportFigures({ report }: { report: ShiftReportValue }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="desk-report-grid">
      <p className="lead desk-report-period">
        {t('staff.report.period', { from: formatMoment(report.from, lang), to: formatMoment(report.to, lang) })} ·{' '}
        {t('staff.report.staff', { name: report.displayName, id: report.staffId })}
      </p>
      <section className="card">
        <h2>{t('staff.report.dossiers')}</h2>
        {report.dossiers.byProcedure.length === 0 ? (
          <p className="muted">{t('staff.report.noDossiers')}</p>
        ) : (
          <table className="desk-table desk-table-compact">
            <thead>
              <tr>
                <th scope="col">{t('staff.report.procedure')}</th>
                <th scope="col" className="num">{t('staff.report.count')}</th>
              </tr>
            </thead>
            <tbody>
              {report.dossiers.byProcedure.map((p) => (
                <tr key={p.code}>
                  <td><ProcedureName code={p.code} fallback={p.name} lang={lang} /></td>
                  <td className="num">{p.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="desk-total">
          {t('staff.report.total')}: <strong data-testid="report-dossiers-total">{report.dossiers.total}</strong>
        </p>
      </section>
      <section className="card">
        <h2>{t('staff.report.fees')}</h2>
        <table className="desk-table desk-table-compact">
          <thead>
            <tr>
              <th scope="col">{t('staff.report.method')}</th>
              <th scope="col" className="num">{t('staff.report.payments')}</th>
              <th scope="col" className="num">{t('staff.report.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {METHODS.map((m) => (
              <tr key={m}>
                <td>{t(`staff.report.methods.${m}`)}</td>
                <td className="num">{report.fees.byMethod[m].count}</td>
                <td className="num" data-testid={`report-fees-${m}`} data-amount={report.fees.byMethod[m].amount}>
                  {formatVnd(report.fees.byMethod[m].amount, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="desk-total">
          {t('staff.report.feesTotal')}: <strong data-testid="report-fees-total" data-amount={report.fees.total}>{formatVnd(report.fees.total, lang)}</strong>
        </p>
      </section>
      <section className="card">
        <h2>{t('staff.report.appointments')}</h2>
        <dl className="desk-figures">
          {(
            [
              ['booked', report.appointments.booked],
              ['checkedIn', report.appointments.checkedIn],
              ['noShow', report.appointments.noShow],
              ['walkIns', report.appointments.walkIns],
            ] as const
          ).map(([k, n]) => (
            <div key={k}>
              <dt>{t(`staff.report.${k}`)}</dt>
              <dd data-testid={`report-appointments-${k}`}>{n}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card desk-report-list" data-testid="report-dossier-list">
        <h2>{t('staff.report.list.title')}</h2>
        <table className="desk-table desk-table-compact">
          <thead>
            <tr>
              <th scope="col">{t('staff.report.list.time')}</th>
              <th scope="col">{t('staff.report.list.code')}</th>
              <th scope="col">{t('staff.report.list.procedure')}</th>
              <th scope="col">{t('staff.report.list.state')}</th>
            </tr>
          </thead>
          <tbody>
            {report.dossiers.list.map((d) => (
              <tr key={d.id} data-testid="report-dossier" data-sent={d.sent} data-status={d.cityStatus ?? 'unsent'}>
                <td>{formatMoment(d.createdAt, lang)}</td>
                <td className="desk-code">{d.code}</td>
                <td><ProcedureName code={d.procedureCode} fallback={d.procedureCode} lang={lang} /></td>
                <td>{t(`staff.report.list.status.${d.sent ? d.cityStatus ?? 'received' : 'unsent'}`, { defaultValue: d.cityStatus ?? '' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{t('staff.report.unsent')}</h2>
        {report.unsent.count === 0 ? (
          <p className="banner ok" data-testid="report-unsent" data-count={0}>{t('staff.report.unsentNone')}</p>
        ) : (
          <p className="banner warn" data-testid="report-unsent" data-count={report.unsent.count}>
            {t('staff.report.unsentCount', { count: report.unsent.count, since: formatMoment(report.unsent.since, lang) })}
          </p>
        )}
      </section>
    </div>
  );
}

/** The procedure's name in the desk's language (the report carries the Vietnamese one). */
function ProcedureName({ code, fallback, lang }: { code: string; fallback: string; lang: string }) {
  const trpc = useTRPC();
  const p = useQuery(trpc.catalog.get.queryOptions({ code }, { staleTime: Infinity })).data;
  return <>{p ? localized(p.name, lang) : fallback}</>;
}
