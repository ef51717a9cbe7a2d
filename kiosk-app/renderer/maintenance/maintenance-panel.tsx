import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { formatMoment, formatVnd } from '../i18n/localized';

// What a technician sees once the PIN is accepted: every component in plain words with what
// to do (a Test button on each device), the sync queue, parked items with the city's reason and a Retry.

type Overview = Extract<Awaited<ReturnType<typeof api.maintenance.overview.mutate>>, { ok: true }>['value'];
type Listing = Extract<Awaited<ReturnType<typeof api.maintenance.outbox.mutate>>, { ok: true }>['value'];
type TestReport = Extract<Awaited<ReturnType<typeof api.maintenance.deviceTest.mutate>>, { ok: true }>['value'];
type Device = TestReport['device'];
type Item = Listing['parked'][number];

const DEVICES: readonly Device[] = ['printer', 'a4', 'scanner', 'idreader', 'terminal'];

type TestState = { status: 'running' } | { status: 'done'; report: TestReport } | { status: 'error'; code: string };

export function MaintenancePanel({ token, onExpired, onLock }: { token: string; onExpired(): void; onLock(): void }) {
  const { t, i18n } = useTranslation();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [listing, setListing] = useState<Listing | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [tests, setTests] = useState<Partial<Record<Device, TestState>>>({});
  const [retried, setRetried] = useState<Record<string, 'done' | 'failed'>>({});
  const [paidActions, setPaidActions] = useState<Record<string, 'printed' | 'print-failed' | 'settle-failed'>>({});

  const load = useCallback(async () => {
    try {
      const [o, l] = await Promise.all([api.maintenance.overview.mutate({ token }), api.maintenance.outbox.mutate({ token })]);
      if ((!o.ok && o.error.code === 'no-session') || (!l.ok && l.error.code === 'no-session')) return onExpired();
      setOverview(o.ok ? o.value : null);
      setListing(l.ok ? l.value : null);
      setLoadError(!o.ok);
    } catch {
      setLoadError(true);
    }
  }, [token, onExpired]);

  useEffect(() => {
    void load();
  }, [load]);

  const runTest = async (device: Device) => {
    setTests((s) => ({ ...s, [device]: { status: 'running' } }));
    try {
      const r = await api.maintenance.deviceTest.mutate({ token, device });
      if (!r.ok && r.error.code === 'no-session') return onExpired();
      setTests((s) => ({ ...s, [device]: r.ok ? { status: 'done', report: r.value } : { status: 'error', code: r.error.code } }));
      void load();
    } catch {
      setTests((s) => ({ ...s, [device]: { status: 'error', code: 'network' } }));
    }
  };

  const retry = async (item: Item) => {
    try {
      const r = await api.maintenance.retry.mutate({ token, id: item.id });
      if (!r.ok && r.error.code === 'no-session') return onExpired();
      setRetried((s) => ({ ...s, [item.id]: r.ok ? 'done' : 'failed' }));
      void load();
    } catch {
      setRetried((s) => ({ ...s, [item.id]: 'failed' }));
    }
  };

  const printPaid = async (paymentId: string) => {
    try {
      const r = await api.maintenance.printPaidNotSubmitted.mutate({ token, paymentId });
      if (!r.ok && r.error.code === 'no-session') return onExpired();
      setPaidActions((s) => ({ ...s, [paymentId]: r.ok ? 'printed' : 'print-failed' }));
    } catch {
      setPaidActions((s) => ({ ...s, [paymentId]: 'print-failed' }));
    }
  };

  const settlePaid = async (paymentId: string, how: 'refunded' | 'completed-at-counter') => {
    try {
      const r = await api.maintenance.settlePaidNotSubmitted.mutate({ token, paymentId, how });
      if (!r.ok && r.error.code === 'no-session') return onExpired();
      if (!r.ok) setPaidActions((s) => ({ ...s, [paymentId]: 'settle-failed' }));
      void load();
    } catch {
      setPaidActions((s) => ({ ...s, [paymentId]: 'settle-failed' }));
    }
  };

  const stateWord = (state: string) => t(`maintenance.state.${state}`, { defaultValue: state });
  const componentName = (name: string) => t(`maintenance.component.${name}`, { defaultValue: name });
  const advice = (name: string, state: string, detail: string) =>
    state === 'ok' ? '' : t([`maintenance.advice.${name}.${detail}`, `maintenance.advice.${name}.${state}`, `maintenance.advice.any.${state}`], { defaultValue: '' });
  const kindName = (kind: string) => t(`maintenance.kind.${kind}`, { defaultValue: kind });
  const when = (iso: string | null) => formatMoment(iso, i18n.language);

  // Devices first (each with its test), then the rest; a device missing from the board still gets its Test.
  const listed = overview?.components ?? [];
  const components = overview
    ? [
        ...DEVICES.map((d) => listed.find((c) => c.name === d) ?? { name: d, state: 'disabled' as const, detail: '' }),
        ...listed.filter((c) => !(DEVICES as readonly string[]).includes(c.name)),
      ]
    : [];
  const sync = overview?.sync ?? null;
  const stats = overview?.outbox ?? null;
  const syncWord = !sync
    ? 'unknown'
    : sync.alert === 'unauthorized'
      ? 'unauthorized'
      : sync.link.level === 'offline'
        ? 'offline'
        : sync.link.level === 'degraded'
          ? sync.link.slow && sync.link.failedPercent < 10 ? 'slow' : 'degraded'
          : sync.online ? 'online' : 'connecting';

  return (
    <main className="screen maint" data-testid="maintenance-panel">
      <div className="maint-head">
        <h1>{t('maintenance.panel.title')}</h1>
        <div className="maint-head-actions">
          <button type="button" className="button" data-testid="maintenance-refresh" onClick={() => void load()}>
            {t('maintenance.panel.refresh')}
          </button>
          <button type="button" className="button primary" data-testid="maintenance-lock" onClick={onLock}>
            {t('maintenance.panel.lock')}
          </button>
        </div>
      </div>
      <p className="muted">{t('maintenance.panel.hint')}</p>
      {loadError && <p className="error-box" role="alert">{t('maintenance.panel.loadError')}</p>}

      <div className="maint-grid">
        {/* Money owed to a citizen comes first. */}
        {overview && overview.paidNotSubmitted.length > 0 && (
          <section className="card maint-section" aria-labelledby="maint-paid" data-testid="paid-not-submitted">
            <h2 id="maint-paid">{t('maintenance.paid.title', { count: overview.paidNotSubmitted.length })}</h2>
            <p className="banner note">{t('maintenance.paid.advice')}</p>
            <ul className="maint-list">
              {overview.paidNotSubmitted.map((p) => (
                <li key={p.paymentId} className="maint-item" data-testid="paid-not-submitted-item" data-reference={p.reference ?? ''} data-amount={p.amount}>
                  <span className="maint-item-text">
                    <span className="maint-component-name">
                      {formatVnd(p.amount, i18n.language)} · {p.method === 'vietqr' ? 'VietQR' : t('maintenance.paid.card')}
                    </span>
                    <span>{t('maintenance.paid.reference', { reference: p.reference ?? '—' })}</span>
                    <span>{t('maintenance.paid.when', { time: when(p.paidAt) })}</span>
                    {p.procedureName && <span>{p.procedureName}</span>}
                    <span className="muted">{p.entriesKept ? t('maintenance.paid.kept') : t('maintenance.paid.notKept')}</span>
                    {paidActions[p.paymentId] && <span className="maint-detail" data-testid="paid-action-result">{t(`maintenance.paid.${paidActions[p.paymentId]}`)}</span>}
                  </span>
                  <span className="maint-actions">
                    <button type="button" className="button" data-testid="paid-print" onClick={() => void printPaid(p.paymentId)}>
                      {t('maintenance.paid.print')}
                    </button>
                    <button type="button" className="button" data-testid="paid-refunded" onClick={() => void settlePaid(p.paymentId, 'refunded')}>
                      {t('maintenance.paid.refunded')}
                    </button>
                    <button type="button" className="button" data-testid="paid-completed" onClick={() => void settlePaid(p.paymentId, 'completed-at-counter')}>
                      {t('maintenance.paid.completed')}
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}

        <section className="card maint-section maint-components" aria-labelledby="maint-components" data-testid="maintenance-components">
          <h2 id="maint-components">{t('maintenance.panel.components')}</h2>
          {!overview && !loadError && <p className="muted" role="status">{t('common.loading')}</p>}
          <ul className="maint-list">
            {components.map((c) => {
              const tip = advice(c.name, c.state, c.detail);
              const device = (DEVICES as readonly string[]).includes(c.name) ? (c.name as Device) : null;
              const test = device ? tests[device] : undefined;
              return (
                <li key={c.name} className={`maint-component maint-${c.state}`} data-testid={`component-${c.name}`} data-state={c.state}>
                  <div className="maint-component-head">
                    <span className="maint-component-name">{componentName(c.name)}</span>
                    <span className={`maint-badge maint-badge-${c.state}`}>{stateWord(c.state)}</span>
                    {device && (
                      <button type="button" className="button maint-test" data-testid={`test-${device}`} disabled={test?.status === 'running'} onClick={() => void runTest(device)}>
                        {test?.status === 'running' ? t('maintenance.test.running') : t('maintenance.test.run')}
                      </button>
                    )}
                  </div>
                  {c.detail && <span className="maint-detail">{c.detail}</span>}
                  {tip && <span className="maint-advice">{tip}</span>}
                  {device && test?.status === 'done' && (
                    <div className="maint-test-result" data-testid={`test-result-${device}`} data-ok={test.report.ok} role="status">
                      <p className={`banner ${test.report.ok ? 'ok' : 'note'}`}>
                        {test.report.ok ? t('maintenance.test.passed') : t('maintenance.test.failed', { status: test.report.status })}
                      </p>
                      <ul className="maint-lines">
                        {test.report.lines.map((line, i) => (
                          <li key={i}>{line}</li>
                        ))}
                      </ul>
                    </div>
                  )}
                  {device && test?.status === 'error' && (
                    <p className="error-box" data-testid={`test-result-${device}`} data-ok="false" role="status">
                      {t(`maintenance.test.error.${test.code}`, { defaultValue: t('maintenance.test.error.failed') })}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </section>

        <div className="maint-side">
          <section className="card maint-section" aria-labelledby="maint-sync" data-testid="maintenance-sync">
            <h2 id="maint-sync">{t('maintenance.panel.sync')}</h2>
            <p className={`maint-sync-state maint-sync-${syncWord}`} data-testid="sync-state" data-state={syncWord}>
              {t(`maintenance.sync.${syncWord}`, { percent: sync?.link.failedPercent ?? 0 })}
            </p>
            {sync && sync.link.recent > 0 && (
              <p className="maint-detail" data-testid="sync-link">
                {t('maintenance.sync.link', { recent: sync.link.recent, percent: sync.link.failedPercent, at: sync.link.lastAnswerAt ? when(sync.link.lastAnswerAt) : t('maintenance.sync.none') })}
              </p>
            )}
            {stats && (
              <dl className="maint-facts">
                <dt>{t('maintenance.sync.pending')}</dt>
                <dd data-testid="sync-pending">{stats.pending}</dd>
                <dt>{t('maintenance.sync.parked')}</dt>
                <dd data-testid="sync-parked">{stats.parked}</dd>
                <dt>{t('maintenance.sync.blocked')}</dt>
                <dd>{stats.blocked}</dd>
                <dt>{t('maintenance.sync.oldest')}</dt>
                <dd data-testid="sync-oldest">{stats.oldestPendingAt ? when(stats.oldestPendingAt) : t('maintenance.sync.none')}</dd>
                <dt>{t('maintenance.sync.delivered')}</dt>
                <dd>{stats.acked}</dd>
                <dt>{t('maintenance.sync.lastSuccess')}</dt>
                <dd>{sync?.lastSuccessAt ? when(sync.lastSuccessAt) : t('maintenance.sync.none')}</dd>
                {sync?.lastError && (
                  <>
                    <dt>{t('maintenance.sync.lastError')}</dt>
                    <dd className="maint-detail">{sync.lastError}</dd>
                  </>
                )}
              </dl>
            )}
            {stats && stats.parked > 0 && <p className="banner note">{t('maintenance.sync.parkedAdvice')}</p>}
            {overview && overview.unresolvedPayments.length > 0 && (
              <p className="banner note" data-testid="unresolved-payments">
                {t('maintenance.sync.unresolvedPayments', { count: overview.unresolvedPayments.length })}
              </p>
            )}
          </section>

          <section className="card maint-section" aria-labelledby="maint-log" data-testid="maintenance-log">
            <h2 id="maint-log">{t('maintenance.log.title')}</h2>
            {overview && overview.recentProblems.length === 0 && <p className="muted">{t('maintenance.log.none')}</p>}
            <ul className="maint-list">
              {overview?.recentProblems.map((p, i) => (
                <li key={`${p.time}-${i}`} className={`maint-item-text maint-log-${p.level}`} data-testid="log-problem" data-level={p.level}>
                  <span>
                    <span className={`maint-badge maint-badge-${p.level === 'error' ? 'down' : 'degraded'}`}>{t(`maintenance.log.${p.level}`)}</span>{' '}
                    {when(p.time)} · {p.component}
                  </span>
                  <span className="maint-component-name">{p.event}</span>
                  {p.detail && <span className="maint-detail">{p.detail}</span>}
                </li>
              ))}
            </ul>
            {overview && overview.recentProblems.length > 0 && <p className="muted">{t('maintenance.log.more')}</p>}
          </section>

          <section className="card maint-section" aria-labelledby="maint-parked" data-testid="maintenance-parked">
            <h2 id="maint-parked">{t('maintenance.panel.parked')}</h2>
            {listing && listing.parked.length === 0 && <p className="muted">{t('maintenance.outbox.noneParked')}</p>}
            <ul className="maint-list">
              {listing?.parked.map((m) => (
                <li key={m.id} className="maint-item" data-testid={`parked-${m.id}`}>
                  <div className="maint-item-text">
                    <span className="maint-component-name">{kindName(m.kind)}</span>
                    <span className="maint-id">{m.id}</span>
                    <span>{t('maintenance.outbox.created', { time: when(m.createdAt), attempts: m.attempts })}</span>
                    <span className="maint-advice">
                      {t('maintenance.outbox.reason')}: {m.rejectCode ?? '—'}
                      {m.rejectReason ? ` — ${m.rejectReason}` : ''}
                    </span>
                    {retried[m.id] === 'failed' && <span className="error-box">{t('maintenance.outbox.retryFailed')}</span>}
                  </div>
                  <button type="button" className="button" data-testid={`retry-${m.id}`} onClick={() => void retry(m)}>
                    {t('maintenance.outbox.retry')}
                  </button>
                </li>
              ))}
            </ul>
            {Object.values(retried).includes('done') && <p className="banner ok" role="status">{t('maintenance.outbox.retried')}</p>}
            {listing && listing.waiting.length > 0 && (
              <>
                <h3>{t('maintenance.outbox.waiting')}</h3>
                <ul className="maint-list">
                  {listing.waiting.slice(0, 10).map((m) => (
                    <li key={m.id} className="maint-item-text" data-testid={`waiting-${m.id}`}>
                      <span className="maint-component-name">{kindName(m.kind)}</span>
                      <span>{t('maintenance.outbox.created', { time: when(m.createdAt), attempts: m.attempts })}</span>
                      {m.lastError && <span className="maint-detail">{m.lastError}</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </div>
      </div>
    </main>
  );
}
