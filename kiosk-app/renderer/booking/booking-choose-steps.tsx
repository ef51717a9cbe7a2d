import { skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { localized } from '../i18n/localized';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';
import { phoneOf, useBookingErrorText, type BookingPoint, type Slot } from './booking-answers';
import { dayDate, dayLabel, groupSlotsByDay, timeRange, weekdayName } from './booking-format';
import { BookingProblem } from './booking-problem-text';

// The booking's choices, one question a screen: where (the point), what (the procedure, found
// by typing or by field, as the procedure list does) and when (a free slot, by day).

export function PointStep({ chosen, onChoose, onCancelBooking }: { chosen: string | null; onChoose(p: BookingPoint): void; onCancelBooking(): void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const points = useQuery(trpc.appointments.points.queryOptions());
  return (
    <main className="screen booking" data-testid="booking-screen" data-step="point">
      <h1>{t('booking.point.title')}</h1>
      <p className="lead">{t('booking.point.intro')}</p>
      <QueryStatus state={points} />
      {points.status === 'success' && (
        <div className="booking-choices">
          {points.data.map((p) => (
            <button
              key={p.code}
              type="button"
              className={`choice booking-point ${p.code === chosen ? 'selected' : ''}`}
              aria-pressed={p.code === chosen}
              data-testid={`booking-point-${p.code}`}
              onClick={() => onChoose(p)}
            >
              <span className="booking-point-name">{p.name}</span>
              <span className="booking-point-address">{p.address}</span>
            </button>
          ))}
        </div>
      )}
      <p className="muted booking-hours">{t('booking.point.hours')}</p>
      <div className="button-row booking-secondary">
        <button type="button" className="button" data-testid="booking-cancel-open" onClick={onCancelBooking}>
          {t('booking.point.cancelOpen')}
        </button>
      </div>
    </main>
  );
}

export function ProcedureStep({
  point,
  search,
  field,
  onSearch,
  onField,
  onChoose,
}: {
  point: BookingPoint;
  search: string;
  field: string | null;
  onSearch(text: string): void;
  onField(field: string | null): void;
  onChoose(p: Procedure): void;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const [query, setQuery] = useState(search.trim());
  // Results follow the typing, a beat behind so each key press does not query.
  useEffect(() => {
    const id = setTimeout(() => setQuery(search.trim()), 120);
    return () => clearTimeout(id);
  }, [search]);
  const fields = useQuery(trpc.catalog.fields.queryOptions());
  const results = useQuery(trpc.catalog.search.queryOptions(query ? { query, limit: 10 } : skipToken));
  const inField = useQuery(trpc.catalog.byField.queryOptions(!query && field ? { field } : skipToken));
  const list = query ? results : field ? inField : null;
  const fieldName = field && fields.status === 'success' ? localized(fields.data.find((f) => f.code === field)?.name, i18n.language) : '';

  return (
    <>
      <main className="screen booking" data-testid="booking-screen" data-step="procedure">
        <p className="muted booking-context">{t('booking.at', { point: point.name })}</p>
        <h1>{t('booking.procedure.title')}</h1>
        <label className="field-label" htmlFor="booking-search">
          {t('booking.procedure.searchLabel')}
        </label>
        <input
          id="booking-search"
          className="text-input"
          data-testid="booking-search"
          type="search"
          inputMode="none"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          placeholder={t('booking.procedure.placeholder')}
          value={search}
          onChange={(e) => onSearch(e.target.value.normalize('NFC'))}
        />
        {list === null ? (
          <section aria-labelledby="booking-fields-h">
            <h2 id="booking-fields-h" className="booking-subtitle">{t('booking.procedure.byField')}</h2>
            <QueryStatus state={fields} />
            {fields.status === 'success' && (
              <div className="booking-fields">
                {fields.data.map((f) => (
                  <button key={f.code} type="button" className="choice" data-testid={`booking-field-${f.code}`} onClick={() => onField(f.code)}>
                    <span className="list-title">{localized(f.name, i18n.language)}</span>
                  </button>
                ))}
              </div>
            )}
          </section>
        ) : (
          <section aria-live="polite">
            {!query && field && (
              <div className="booking-field-head">
                <h2 className="booking-subtitle">{fieldName}</h2>
                <button type="button" className="button" data-testid="booking-fields-back" onClick={() => onField(null)}>
                  {t('booking.procedure.otherField')}
                </button>
              </div>
            )}
            <QueryStatus state={list} />
            {list.status === 'success' && list.data.length === 0 && <p className="lead" data-testid="booking-procedure-none">{t('booking.procedure.none')}</p>}
            {list.status === 'success' && (
              <ul className="procedure-list booking-procedures">
                {list.data.map((p) => (
                  <li key={p.code}>
                    <button type="button" className="list-button" data-testid={`booking-procedure-${p.code}`} onClick={() => onChoose(p)}>
                      <span className="list-title">{localized(p.name, i18n.language)}</span>
                      <span className="list-meta">{localized(p.agency, i18n.language)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </main>
      <aside className="booking-keyboard" aria-label={t('booking.procedure.searchLabel')}>
        <OnScreenKeyboard value={search} onChange={onSearch} maxLength={60} />
      </aside>
    </>
  );
}

export function SlotStep({
  point,
  procedureName,
  chosen,
  onChoose,
  onOtherPoint,
}: {
  point: BookingPoint;
  procedureName: string;
  chosen: string | null;
  onChoose(slot: Slot): void;
  onOtherPoint(): void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const errorText = useBookingErrorText();
  // Asked afresh each time the step opens: a place may have gone since.
  const slots = useQuery({ ...trpc.appointments.freeSlots.queryOptions({ point: point.code }), staleTime: 0 });
  const [retrying, setRetrying] = useState(false);

  const retry = async () => {
    setRetrying(true);
    await slots.refetch();
    setRetrying(false);
  };

  return (
    <main className="screen booking" data-testid="booking-screen" data-step="slot">
      <p className="muted booking-context">{t('booking.atFor', { point: point.name, procedure: procedureName })}</p>
      <h1>{t('booking.slot.title')}</h1>
      <QueryStatus state={slots} />
      {slots.status === 'success' && !slots.data.ok && (
        <>
          <BookingProblem error={slots.data.error} text={errorText(slots.data.error)} phone={phoneOf(slots.data.error)} />
          <div className="button-row">
            <button type="button" className="button primary" data-testid="booking-retry" disabled={retrying} onClick={() => void retry()}>
              {t('booking.problem.tryAgain')}
            </button>
            <button type="button" className="button" data-testid="booking-other-point" onClick={onOtherPoint}>
              {t('booking.slot.otherPoint')}
            </button>
          </div>
        </>
      )}
      {slots.status === 'success' && slots.data.ok && slots.data.value.length === 0 && (
        <>
          <p className="lead" data-testid="booking-no-slots">{t('booking.slot.none')}</p>
          <div className="button-row">
            <button type="button" className="button primary" data-testid="booking-other-point" onClick={onOtherPoint}>
              {t('booking.slot.otherPoint')}
            </button>
          </div>
        </>
      )}
      {slots.status === 'success' && slots.data.ok && slots.data.value.length > 0 && (
        <SlotsByDay slots={slots.data.value} chosen={chosen} onChoose={onChoose} />
      )}
    </main>
  );
}

/** The days with a free place first (two weeks of evening slots are too many for one list), then that day's slots. */
function SlotsByDay({ slots, chosen, onChoose }: { slots: readonly Slot[]; chosen: string | null; onChoose(slot: Slot): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const days = groupSlotsByDay(slots);
  const chosenDay = days.find((d) => d.slots.some((s) => s.slotId === chosen))?.day;
  const [dayPicked, setDayPicked] = useState<string | null>(null);
  const day = days.find((d) => d.day === dayPicked) ?? days.find((d) => d.day === chosenDay) ?? days[0]!;
  return (
    <>
      <section aria-labelledby="booking-days-h">
        <h2 id="booking-days-h" className="booking-subtitle">{t('booking.slot.day')}</h2>
        <div className="booking-days">
          {days.map((d) => (
            <button
              key={d.day}
              type="button"
              className={`choice booking-day-choice ${d.day === day.day ? 'selected' : ''}`}
              aria-pressed={d.day === day.day}
              data-testid="booking-day"
              data-day={d.day}
              onClick={() => setDayPicked(d.day)}
            >
              <span className="booking-day-name">{weekdayName(d.day, lang)}</span>
              <span className="booking-day-date">{dayDate(d.day, lang)}</span>
            </button>
          ))}
        </div>
      </section>
      <section className="booking-day" aria-labelledby={`booking-day-${day.day}`}>
        <h2 id={`booking-day-${day.day}`} className="booking-day-title">{t('booking.slot.timesOn', { day: dayLabel(day.day, lang) })}</h2>
        <div className="booking-slots">
          {day.slots.map((s) => {
            const hours = timeRange(s.start, s.end, lang);
            const free = t('booking.slot.free', { count: s.free });
            return (
              <button
                key={s.slotId}
                type="button"
                className={`choice booking-slot ${s.slotId === chosen ? 'selected' : ''}`}
                aria-pressed={s.slotId === chosen}
                aria-label={`${dayLabel(day.day, lang)} · ${hours} · ${free}`}
                data-testid="booking-slot"
                data-slot-id={s.slotId}
                onClick={() => onChoose(s)}
              >
                <span className="booking-slot-time">{hours}</span>
                <span className={`booking-slot-free ${s.free === 1 ? 'last' : ''}`}>{free}</span>
              </button>
            );
          })}
        </div>
      </section>
    </>
  );
}
