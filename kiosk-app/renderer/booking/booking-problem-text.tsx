import { useTranslation } from 'react-i18next';
import type { ShownError } from '../i18n/error-text';

// A refusal said plainly, and when the city could not be reached, the point's phone number big
// enough to copy down or dial from where the citizen stands.

export function BookingProblem({ error, text, phone, testId = 'booking-problem' }: { error: ShownError; text: string; phone: string | null; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="error-box booking-problem" role="alert" data-testid={testId} data-code={error.code}>
      <p className="booking-problem-text">{text}</p>
      {phone && (
        <p className="booking-phone">
          <span className="booking-phone-label">{t('booking.problem.phone')}</span>
          <span className="booking-phone-number" data-testid="booking-point-phone">{phone}</span>
        </p>
      )}
    </div>
  );
}
