import { useTranslation } from 'react-i18next';
import type { Identification } from './queue-answers';

// Priority before the number: 75 and over is known from the card or the date of birth and
// needs no choice; a disability or a pregnancy is claimed here and confirmed by staff.

export function PriorityStep({ who, fieldName, onTake }: { who: Identification; fieldName: string; onTake(claim?: 'disabled' | 'pregnant'): void }) {
  const { t } = useTranslation();
  return (
    <main className="screen queue" data-testid="queue-screen" data-step="priority">
      <p className="muted">{t('queue.ticket.field', { name: fieldName })}</p>
      {who.elderly ? (
        <>
          <h1>{t('queue.priority.take')}</h1>
          <p className="banner ok" data-testid="queue-elderly">{t(who.source === 'card' ? 'queue.priority.elderlyCard' : 'queue.priority.elderlyTyped')}</p>
          <div className="button-row">
            <button type="button" className="button primary queue-big-button" data-testid="queue-take" onClick={() => onTake()}>
              {t('queue.priority.take')}
            </button>
          </div>
        </>
      ) : (
        <>
          <h1>{t('queue.priority.title')}</h1>
          <p className="lead">{t('queue.priority.explain')}</p>
          <div className="choice-grid queue-priorities">
            <button type="button" className="choice" data-testid="priority-none" onClick={() => onTake()}>
              {t('queue.priority.none')}
            </button>
            <button type="button" className="choice" data-testid="priority-disabled" onClick={() => onTake('disabled')}>
              <span>{t('queue.priority.disabled')}</span>
              <span className="list-meta">{t('queue.priority.staffConfirms')}</span>
            </button>
            <button type="button" className="choice" data-testid="priority-pregnant" onClick={() => onTake('pregnant')}>
              <span>{t('queue.priority.pregnant')}</span>
              <span className="list-meta">{t('queue.priority.staffConfirms')}</span>
            </button>
          </div>
        </>
      )}
    </main>
  );
}
