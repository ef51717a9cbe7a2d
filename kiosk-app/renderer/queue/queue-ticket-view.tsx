import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/localized';
import type { Ticket } from './queue-answers';

// The ticket, big on screen: number, field, counter, wait and priority; whether it printed, and
// whether the number is the kiosk's own because the city did not answer.

export function TicketView({ ticket, canTakeAnother, onAnother, onDone }: { ticket: Ticket; canTakeAnother: boolean; onAnother(): void; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <main className="screen queue" data-testid="queue-screen" data-step="ticket">
      <section className="queue-ticket" data-testid="queue-ticket" data-source={ticket.source} data-priority={ticket.priority} aria-labelledby="queue-number-label">
        <p className="queue-ticket-branch">{localized(ticket.branch.name, lang)}</p>
        <h1 id="queue-number-label" className="queue-ticket-label">{t('queue.ticket.yourNumber')}</h1>
        <p className="queue-number" data-testid="queue-number">{ticket.number}</p>
        <p className="queue-ticket-line">{t('queue.ticket.field', { name: localized(ticket.field.name, lang) })}</p>
        <p className="queue-ticket-line strong" data-testid="queue-counter">
          {ticket.counterHint ? t('queue.ticket.counter', { counter: ticket.counterHint }) : t('queue.ticket.noCounter')}
        </p>
        <p className="queue-ticket-line" data-testid="queue-wait">
          {ticket.estimatedWaitMinutes > 0 ? t('queue.ticket.wait', { minutes: ticket.estimatedWaitMinutes }) : t('queue.ticket.waitNone')}
        </p>
        {ticket.priority !== 'normal' && (
          <p className="queue-ticket-line strong" data-testid="queue-priority">
            {t(`queue.ticket.priority.${ticket.priority}`)}
            {ticket.needsStaffConfirmation && <span className="queue-staff"> {t('queue.ticket.staffConfirms')}</span>}
          </p>
        )}
      </section>
      {ticket.source === 'local' && <p className="banner info" data-testid="queue-local">{t('queue.ticket.local')}</p>}
      {ticket.printed ? (
        <p className="banner ok" role="status" data-testid="queue-printed">{t('queue.ticket.printed')}</p>
      ) : (
        <p className="error-box" role="alert" data-testid="queue-not-printed">{t('queue.ticket.notPrinted')}</p>
      )}
      <div className="button-row">
        <button type="button" className="button primary" data-testid="queue-done" onClick={onDone}>
          {t('queue.ticket.done')}
        </button>
        {canTakeAnother && (
          <button type="button" className="button" data-testid="queue-another" onClick={onAnother}>
            {t('queue.ticket.another')}
          </button>
        )}
      </div>
    </main>
  );
}
