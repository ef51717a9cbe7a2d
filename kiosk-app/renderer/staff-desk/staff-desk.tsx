import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { settle } from '../api-client/call-failure';
import { forgetSession } from '../api-client/query-client';
import { useTRPC } from '../api-client/trpc-react';
import { StaffBooking } from '../booking/staff-booking';
import { DayList } from './day-list';
import { DeskProvider, useDesk } from './desk-context';
import { DeskNav } from './desk-nav';
import { firstSection, visibleSections, type DeskSection } from './desk-sections';
import { DeskTopBar } from './desk-top-bar';
import type { Shift, SystemInfo } from './desk-types';
import { shiftLapse, type LockReason } from './shift-guard';
import { ShiftReportView } from './shift-report-view';
import { StaffSignIn } from './staff-sign-in';
import { useIdleLock } from './use-idle-lock';
import './staff-desk.css';

// The staff desk of a community point (kiosk.mode community or bus): sign-in, then the shell
// (top bar, left navigation, the day's list, a booking for a citizen who phoned, the shift's
// report). Locking, by the staff member, after the idle time, or because a call answered that
// the shift is not open, puts the sign-in over the desk: the desk stays mounted underneath
// (hidden and inert), so nothing typed is lost. Another staff member signing in starts a fresh
// desk; signing out forgets everything the shift read.

/** The core hears "still here" at most this often while the staff member works. */
const REPORT_ACTIVITY_EVERY_MS = 30_000;
/** How often the desk asks the core whether the shift is still open. */
const CHECK_SHIFT_EVERY_MS = 15_000;

type Signed = { readonly shift: Shift; readonly generation: number };

export function StaffDesk({ info }: { info: SystemInfo }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [signed, setSigned] = useState<Signed | null | undefined>(undefined);
  const [lock, setLock] = useState<LockReason | null>(null);
  // A reload in the middle of a shift finds it open (or locked) in the core. While the desk is
  // open it is asked again now and then: the core may have locked the shift or its session
  // ended through a call this screen did not make (the assisted journey's, the booking's).
  const current = useQuery(
    trpc.staff.current.queryOptions(undefined, { staleTime: Infinity, gcTime: 0, refetchInterval: signed && lock === null ? CHECK_SHIFT_EVERY_MS : false }),
  );

  useEffect(() => {
    if (signed !== undefined || current.status === 'pending') return;
    const shift = current.status === 'success' ? current.data : null;
    setSigned(shift ? { shift, generation: 0 } : null);
    if (shift?.locked) setLock('shift-locked');
  }, [signed, current.status, current.data]);

  useEffect(() => {
    if (!signed || lock !== null || current.status !== 'success') return;
    const lapse = shiftLapse(current.data);
    if (lapse) setLock(lapse);
  }, [signed, lock, current.status, current.data]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);

  useIdleLock({
    running: Boolean(signed) && lock === null,
    lockAfterMs: info.staffLockMinutes * 60_000,
    reportEveryMs: REPORT_ACTIVITY_EVERY_MS,
    // The core is told at once (it would lock by itself at its next use).
    onIdle: () => {
      setLock('idle');
      void settle(api.staff.lock.mutate({ reason: 'idle' }));
    },
    onReport: () => void settle(api.staff.activity.mutate()),
  });

  /** Nothing the last shift read stays (the point's own settings do). */
  const forgetShift = () => forgetSession(queryClient, [trpc.system.info.queryFilter()]);

  const onSignedIn = (shift: Shift) => {
    if (signed && signed.shift.staffId === shift.staffId) setSigned({ shift, generation: signed.generation });
    else {
      forgetShift();
      setSigned({ shift, generation: (signed?.generation ?? 0) + 1 });
    }
    queryClient.setQueryData(trpc.staff.current.queryKey(), shift);
    setLock(null);
  };

  const lockNow = () => {
    setLock('staff');
    void settle(api.staff.lock.mutate({ reason: 'staff' }));
  };

  const signOut = async () => {
    // Whatever the core answered, this screen forgets the shift (its lock covers it otherwise).
    void (await settle(api.staff.signOut.mutate()));
    forgetShift();
    setLock(null);
    setSigned(null);
  };

  if (signed === undefined) return <main className="desk-sign-in"><p className="muted" role="status">{t('staff.loading')}</p></main>;
  if (signed === null) return <StaffSignIn onSignedIn={onSignedIn} />;
  return (
    <>
      <DeskProvider shift={signed.shift} info={info} onEnded={(reason) => setLock((l) => l ?? reason)}>
        <DeskShell key={signed.generation} covered={lock !== null} onLock={lockNow} onSignOut={() => void signOut()} />
      </DeskProvider>
      {lock && (
        <div className="desk-lock-cover" data-testid="staff-locked" data-reason={lock}>
          <StaffSignIn key={lock} prefilledId={signed.shift.staffId} reason={lock} onSignedIn={onSignedIn} />
        </div>
      )}
    </>
  );
}

/** The desk itself: every section the role allows stays mounted, the others hidden. */
function DeskShell({ covered, onLock, onSignOut }: { covered: boolean; onLock(): void; onSignOut(): void }) {
  const { t } = useTranslation();
  return (
    <div className="desk" inert={covered} aria-hidden={covered || undefined} data-testid="staff-desk">
      <DeskTopBar onLock={onLock} onSignOut={onSignOut} />
      <DeskBody covered={covered} nothing={t('staff.nav.nothing')} />
    </div>
  );
}

function DeskBody({ covered, nothing }: { covered: boolean; nothing: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const permissions = useDesk().shift.permissions;
  const sections = visibleSections(permissions);
  const [chosen, setChosen] = useState<DeskSection | null>(() => firstSection(permissions));
  const section = chosen && sections.includes(chosen) ? chosen : (sections[0] ?? null);
  return (
    <div className="desk-body">
      <DeskNav sections={sections} current={section} onChoose={setChosen} />
      <div className="desk-main">
        {section === null && <p className="banner warn">{nothing}</p>}
        {sections.includes('list') && (
          <section className="desk-pane" hidden={section !== 'list'} data-testid="pane-list">
            <DayList active={section === 'list' && !covered} />
          </section>
        )}
        {sections.includes('booking') && (
          <section className="desk-pane" hidden={section !== 'booking'} data-testid="pane-booking">
            {/* A booking for today shows in the day's list at once. */}
            <StaffBooking onBooked={() => void queryClient.invalidateQueries(trpc.staff.dayList.queryFilter())} />
          </section>
        )}
        {sections.includes('report') && (
          <section className="desk-pane" hidden={section !== 'report'} data-testid="pane-report">
            <ShiftReportView active={section === 'report' && !covered} />
          </section>
        )}
      </div>
    </div>
  );
}
