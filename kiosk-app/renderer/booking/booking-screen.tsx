import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { callFailure, settle } from '../api-client/call-failure';
import { localized } from '../i18n/localized';
import { useSession } from '../session/session-context';
import { citizenForApi, type Slot } from './booking-answers';
import { CancelledStep, CancelStep } from './booking-cancel-steps';
import { PointStep, ProcedureStep, SlotStep } from './booking-choose-steps';
import { normaliseBookingCode } from './booking-format';
import { NEW_BOOKING, useBookingDraft } from './booking-keeper';
import { BookedStep, ProblemStep } from './booking-result-steps';
import { ConfirmStep, WhoStep } from './booking-who-steps';
import './booking.css';

// Booking a slot at a community service point ("Đặt lịch hẹn tại điểm phục vụ gần nhà"), one
// question a screen: the point → the procedure → a free slot → who comes → the consent and the
// one button that books → the booking code, huge, and its slip. Cancelling by the code starts
// from the first step. What the citizen chose and typed is kept by booking-keeper.tsx, through
// every refusal and the language screen; this file holds the steps' order and the api calls.

export function BookingScreen() {
  const { i18n } = useTranslation();
  const { home, finish } = useSession();
  const { draft, update, setVisible } = useBookingDraft();
  const { step, point, procedure, slot, citizen } = draft;
  const lang = i18n.language;
  const procedureName = procedure ? localized(procedure.name, lang) : '';

  useEffect(() => {
    setVisible(true);
    return () => setVisible(false);
  }, [setVisible]);

  /** Books the chosen slot (or `other`, the next free one offered after a refusal). */
  const book = async (other?: Slot) => {
    const s = other ?? slot;
    if (!point || !procedure || !s) return;
    const who = citizenForApi(citizen);
    const key = JSON.stringify([point.code, s.slotId, procedure.code, who]);
    update({ step: { name: 'booking' }, slot: s });
    // One id for this booking, asked once: a retry after a lost answer is the same booking.
    let id = draft.attempt?.key === key ? draft.attempt.id : null;
    if (!id) {
      try {
        id = (await api.appointments.newBookingId.mutate()).appointmentId;
      } catch (e) {
        return update({ step: { name: 'problem', error: callFailure(e) } });
      }
      update({ attempt: { id, key } });
    }
    const r = await settle(api.appointments.book.mutate({ appointmentId: id, point: point.code, slotId: s.slotId, procedureCode: procedure.code, citizen: who }));
    if (r.ok) update({ step: { name: 'booked', booking: r.value, end: r.value.slotId === s.slotId ? s.end : null } });
    else update({ step: { name: 'problem', error: r.error } });
  };

  const cancel = async () => {
    if (draft.step.name === 'cancel' && draft.step.busy) return;
    const code = normaliseBookingCode(draft.cancelCode);
    if (!code) return update({ step: { name: 'cancel', busy: false, error: { code: 'invalid-code' } } });
    update({ step: { name: 'cancel', busy: true, error: null } });
    const r = await settle(api.appointments.cancel.mutate({ code }));
    if (r.ok) update({ step: { name: 'cancelled', code, result: r.value } });
    else update({ step: { name: 'cancel', busy: false, error: r.error } });
  };

  switch (step.name) {
    case 'point':
      return (
        <PointStep
          chosen={point?.code ?? null}
          onChoose={(p) =>
            update((d) => ({
              point: p,
              // Another point has other slots: the one chosen at the first is not offered here.
              slot: d.point?.code === p.code ? d.slot : null,
              step: d.procedure && d.point?.code === p.code ? { name: 'slot' } : { name: 'procedure' },
            }))
          }
          onCancelBooking={() => update({ step: { name: 'cancel', busy: false, error: null } })}
        />
      );
    case 'procedure':
      return (
        <ProcedureStep
          point={point!}
          search={draft.search}
          field={draft.field}
          onSearch={(search) => update({ search })}
          onField={(field) => update({ field })}
          onChoose={(p) => update({ procedure: { code: p.code, name: p.name }, step: { name: 'slot' } })}
        />
      );
    case 'slot':
      return (
        <SlotStep
          point={point!}
          procedureName={procedureName}
          chosen={slot?.slotId ?? null}
          onChoose={(s) => update({ slot: s, step: { name: 'who' } })}
          onOtherPoint={() => update({ step: { name: 'point' } })}
        />
      );
    case 'who':
      return <WhoStep citizen={citizen} onChange={(c) => update({ citizen: c })} onNext={() => update({ step: { name: 'confirm' } })} />;
    case 'confirm':
      return (
        <ConfirmStep
          point={point!}
          procedureName={procedureName}
          slot={slot!}
          citizen={citizen}
          onConfirm={() => void book()}
          onChangeWho={() => update({ step: { name: 'who' } })}
          onChangeSlot={() => update({ step: { name: 'slot' } })}
        />
      );
    case 'booking':
      return <BookingWait />;
    case 'booked':
      return <BookedStep booking={step.booking} end={step.end} procedureName={procedureName} onDone={finish} />;
    case 'problem':
      return (
        <ProblemStep
          error={step.error}
          onNextSlot={() => void book(step.error.code === 'slot-full' && step.error.next ? step.error.next : undefined)}
          onChooseAgain={() => update({ step: { name: 'slot' } })}
          onRetry={() => void book()}
          onFix={() => update({ step: { name: 'who' } })}
          onStartOver={() => update({ ...NEW_BOOKING, citizen })}
          onHome={home}
        />
      );
    case 'cancel':
      return (
        <CancelStep
          code={draft.cancelCode}
          busy={step.busy}
          error={step.error}
          onCode={(cancelCode) => update({ cancelCode })}
          onSubmit={() => void cancel()}
          onBack={() => update({ step: { name: 'point' } })}
        />
      );
    case 'cancelled':
      return <CancelledStep code={step.code} result={step.result} onDone={finish} onBook={() => update({ step: { name: 'point' }, cancelCode: '' })} />;
  }
}

function BookingWait() {
  const { t } = useTranslation();
  return (
    <main className="screen booking" data-testid="booking-screen" data-step="booking">
      <h1>{t('booking.confirm.title')}</h1>
      <p className="banner info lead" role="status">{t('booking.confirm.booking')}</p>
    </main>
  );
}
