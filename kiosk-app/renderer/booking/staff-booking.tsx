import { skipToken, useQueries, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../common/languages';
import { api } from '../api-client/api-client';
import { callFailure, settle } from '../api-client/call-failure';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { localized } from '../i18n/localized';
import {
  citizenForApi, citizenProblems, EMPTY_CITIZEN, phoneOf, useBookingErrorText,
  type Booking, type CitizenTyped, type Slot, type StaffBookError,
} from './booking-answers';
import { bookingWhen, dayLabel, groupSlotsByDay, slotWhen, timeRange } from './booking-format';
import { BookingProblem } from './booking-problem-text';
import { PrintOutcome, usePrintSlip } from './booking-result-steps';
import './booking.css';

// The staff desk books for a citizen who phoned (landscape, keyboard and mouse): the desk's
// point, the procedure, a free slot, the caller's name, ID number and phone as real text
// inputs (Tab between them, Enter books), then the code shown big to read out to the caller,
// and the slip printed. A refusal (the shift locked, the slot just taken, the city down) is
// said in plain words and nothing typed is lost.

type Outcome = { readonly name: 'form' } | { readonly name: 'booking' } | { readonly name: 'booked'; readonly booking: Booking; readonly end: string | null };

export interface StaffBookingProps {
  /** The point to book at; the desk's own (system.info's pointCode) when not given. */
  readonly pointCode?: string;
  /** Shown as "close" when the desk opens this as a panel. */
  onClose?(): void;
  /** A booking was made (the desk may refresh its lists). */
  onBooked?(booking: Booking): void;
}

export function StaffBooking({ pointCode, onClose, onBooked }: StaffBookingProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const trpc = useTRPC();
  const errorText = useBookingErrorText();
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });
  const points = useQuery(trpc.appointments.points.queryOptions());
  const [pointChoice, setPointChoice] = useState<string | null>(null);
  const point = pointChoice ?? pointCode ?? info.data?.pointCode ?? null;
  const [procedureCode, setProcedureCode] = useState('');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [citizen, setCitizen] = useState<CitizenTyped>(EMPTY_CITIZEN);
  const [attempt, setAttempt] = useState<{ id: string; key: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ name: 'form' });
  const [problem, setProblem] = useState<StaffBookError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);

  const fields = useQuery(trpc.catalog.fields.queryOptions());
  const byField = useQueries({ queries: (fields.data ?? []).map((f) => trpc.catalog.byField.queryOptions({ field: f.code })) });
  const slots = useQuery({ ...trpc.appointments.freeSlots.queryOptions(point ? { point } : skipToken), staleTime: 0 });

  const procedureName = (code: string): string => {
    for (const q of byField) {
      const p = q.data?.find((x) => x.code === code);
      if (p) return localized(p.name, lang);
    }
    return code;
  };

  const book = async (chosen: Slot | null = slot) => {
    if (outcome.name === 'booking' || !point) return;
    const p = citizenProblems(citizen);
    const lacking = [
      ...(procedureCode ? [] : [t('booking.staff.procedure')]),
      ...(chosen ? [] : [t('booking.staff.slot')]),
      ...(p.fullName ? [t('booking.staff.name')] : []),
      ...(p.idNumber ? [t('booking.staff.id')] : []),
      ...(p.phone ? [t('booking.staff.phone')] : []),
    ];
    setMissing(lacking);
    if (lacking.length > 0 || !chosen) return;
    setProblem(null);
    setOutcome({ name: 'booking' });
    setSlot(chosen);
    const who = citizenForApi(citizen);
    const key = JSON.stringify([point, chosen.slotId, procedureCode, who]);
    // One id for this booking: asking again after a lost answer never books twice.
    let id = attempt?.key === key ? attempt.id : null;
    if (!id) {
      try {
        id = (await api.appointments.newBookingId.mutate()).appointmentId;
      } catch (e) {
        setProblem(callFailure(e));
        return setOutcome({ name: 'form' });
      }
      setAttempt({ id, key });
    }
    const r = await settle(api.staff.bookForCitizen.mutate({ appointmentId: id, point, slotId: chosen.slotId, procedureCode, citizen: who, lang: asLanguage(lang) }));
    if (r.ok) {
      setOutcome({ name: 'booked', booking: r.value, end: r.value.slotId === chosen.slotId ? chosen.end : null });
      onBooked?.(r.value);
      return;
    }
    setProblem(r.error);
    setOutcome({ name: 'form' });
    // The slot list is no longer what the city has: read it again (the slot chosen stays chosen).
    if (r.error.code === 'slot-full' || r.error.code === 'slot-past') void slots.refetch();
  };

  const another = () => {
    setSlot(null);
    setCitizen(EMPTY_CITIZEN);
    setAttempt(null);
    setProblem(null);
    setMissing([]);
    setOutcome({ name: 'form' });
    void slots.refetch();
  };

  if (outcome.name === 'booked') {
    return <StaffBooked booking={outcome.booking} end={outcome.end} procedureName={procedureName(outcome.booking.procedureCode)} onAnother={another} onClose={onClose} />;
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void book();
  };
  const next = problem?.code === 'slot-full' ? problem.next : null;
  const slotList = slots.data?.ok ? slots.data.value : null;

  return (
    <section className="staff-booking" data-testid="staff-booking" aria-labelledby="sb-title">
      <header className="sb-head">
        <h2 id="sb-title">{t('booking.staff.title')}</h2>
        {onClose && (
          <button type="button" className="button" data-testid="sb-close" onClick={onClose}>
            {t('booking.booked.done')}
          </button>
        )}
      </header>
      <p className="muted">{t('booking.staff.intro')}</p>
      <form className="sb-form" onSubmit={submit} noValidate>
        <div className="sb-column">
          <label className="sb-label" htmlFor="sb-point">{t('booking.staff.point')}</label>
          <select
            id="sb-point"
            className="sb-input"
            data-testid="sb-point"
            value={point ?? ''}
            onChange={(e) => {
              setPointChoice(e.target.value);
              setSlot(null);
            }}
          >
            {(points.data ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} — {p.address}
              </option>
            ))}
          </select>
          <label className="sb-label" htmlFor="sb-procedure">{t('booking.staff.procedure')}</label>
          <select id="sb-procedure" className="sb-input" data-testid="sb-procedure" value={procedureCode} onChange={(e) => setProcedureCode(e.target.value)}>
            <option value="">{t('booking.staff.chooseProcedure')}</option>
            {(fields.data ?? []).map((f, i) => (
              <optgroup key={f.code} label={localized(f.name, lang)}>
                {(byField[i]?.data ?? []).map((p) => (
                  <option key={p.code} value={p.code}>
                    {localized(p.name, lang)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <fieldset className="sb-slots">
            <legend className="sb-label">{t('booking.staff.slot')}</legend>
            <QueryStatus state={slots} />
            {slots.data && !slots.data.ok && <BookingProblem error={slots.data.error} text={errorText(slots.data.error)} phone={phoneOf(slots.data.error)} testId="sb-slots-problem" />}
            {slotList && slotList.length === 0 && <p>{t('booking.staff.noSlots')}</p>}
            {slotList && slotList.length > 0 && (
              <div className="sb-slot-list">
                {groupSlotsByDay(slotList).map((day) => (
                  <div key={day.day} className="sb-day">
                    <p className="sb-day-title">{dayLabel(day.day, lang)}</p>
                    <div className="sb-day-slots">
                      {day.slots.map((s) => (
                        <label key={s.slotId} className={`sb-slot ${slot?.slotId === s.slotId ? 'selected' : ''}`}>
                          <input
                            type="radio"
                            name="sb-slot"
                            value={s.slotId}
                            data-testid="sb-slot"
                            data-slot-id={s.slotId}
                            checked={slot?.slotId === s.slotId}
                            onChange={() => setSlot(s)}
                          />
                          <span className="sb-slot-time">{timeRange(s.start, s.end, lang)}</span>
                          <span className="sb-slot-free">{t('booking.slot.free', { count: s.free })}</span>
                        </label>
                      ))}
                    </div>
                  </div>
                ))}
              </div>
            )}
            <button type="button" className="button sb-small" data-testid="sb-refresh" onClick={() => void slots.refetch()}>
              {t('booking.staff.refresh')}
            </button>
          </fieldset>
        </div>
        <div className="sb-column">
          <p className="sb-label">{t('booking.staff.citizen')}</p>
          <label className="sb-label" htmlFor="sb-name">{t('booking.staff.name')}</label>
          <input id="sb-name" className="sb-input" data-testid="sb-name" autoComplete="off" spellCheck={false} maxLength={100} value={citizen.fullName} onChange={(e) => setCitizen({ ...citizen, fullName: e.target.value.normalize('NFC') })} />
          <label className="sb-label" htmlFor="sb-id">{t('booking.staff.id')}</label>
          <input id="sb-id" className="sb-input digits" data-testid="sb-id" inputMode="numeric" autoComplete="off" maxLength={12} value={citizen.idNumber} onChange={(e) => setCitizen({ ...citizen, idNumber: e.target.value.replace(/\D/g, '').slice(0, 12) })} />
          <label className="sb-label" htmlFor="sb-phone">{t('booking.staff.phone')}</label>
          <input id="sb-phone" className="sb-input digits" data-testid="sb-phone" inputMode="tel" autoComplete="off" maxLength={20} value={citizen.phone} onChange={(e) => setCitizen({ ...citizen, phone: e.target.value.replace(/[^\d+ .]/g, '') })} />
          {missing.length > 0 && <p className="error-box" role="alert" data-testid="sb-missing">{t('booking.staff.missing', { what: missing.join(', ') })}</p>}
          {problem && (
            // The clerk reads the refusal about the caller, not to them: "this person already has…".
            <BookingProblem error={problem} text={errorText(problem.code === 'already-booked' ? { code: 'already-booked-caller' } : problem)} phone={phoneOf(problem)} testId="sb-problem" />
          )}
          <div className="button-row">
            <button type="submit" className="button primary" data-testid="sb-book" disabled={outcome.name === 'booking'}>
              {outcome.name === 'booking' ? t('booking.staff.booking') : t('booking.staff.book')}
            </button>
            {next && (
              <button type="button" className="button" data-testid="sb-next-slot" data-slot-id={next.slotId} onClick={() => void book(next)}>
                {t('booking.problem.bookNext', { when: slotWhen(next, lang) })}
              </button>
            )}
          </div>
        </div>
      </form>
    </section>
  );
}

function StaffBooked({ booking, end, procedureName, onAnother, onClose }: { booking: Booking; end: string | null; procedureName: string; onAnother(): void; onClose?: (() => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const slip = usePrintSlip(booking.appointmentId);
  return (
    <section className="staff-booking" data-testid="staff-booking" data-step="booked" aria-labelledby="sb-booked-title">
      <h2 id="sb-booked-title">{t('booking.staff.bookedTitle')}</h2>
      <p className="sb-label">{t('booking.staff.readOut')}</p>
      <p className="sb-code" data-testid="sb-code">{booking.bookingCode}</p>
      <dl className="sb-facts">
        <dt>{t('booking.confirm.when')}</dt>
        <dd data-testid="sb-when">{bookingWhen(booking.start, end, i18n.language)}</dd>
        <dt>{t('booking.confirm.where')}</dt>
        <dd>
          {booking.point.name} — {booking.point.address}
        </dd>
        <dt>{t('booking.confirm.what')}</dt>
        <dd>{procedureName}</dd>
      </dl>
      <PrintOutcome state={slip.state} testId="sb-printed" printedText={t('booking.staff.printed')} />
      <div className="button-row">
        <button type="button" className="button primary" data-testid="sb-print" disabled={slip.state.name === 'printing'} onClick={() => void slip.print()}>
          {slip.state.name === 'printing' ? t('booking.booked.printing') : t('booking.staff.print')}
        </button>
        <button type="button" className="button" data-testid="sb-another" onClick={onAnother}>
          {t('booking.staff.another')}
        </button>
        {onClose && (
          <button type="button" className="button" data-testid="sb-close" onClick={onClose}>
            {t('booking.booked.done')}
          </button>
        )}
      </div>
    </section>
  );
}
