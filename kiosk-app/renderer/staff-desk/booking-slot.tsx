import { useTranslation } from 'react-i18next';

// PLACEHOLDER: the booking helper's `StaffBooking` (../booking/staff-booking) goes here once it
// is merged: `return <StaffBooking />;`. Until then the section says plainly that it is missing.
export function BookingSlot() {
  const { t } = useTranslation();
  return (
    <div className="desk-placeholder" data-testid="booking-placeholder">
      <h1>{t('staff.nav.booking')}</h1>
      <p className="banner warn">{t('staff.booking.placeholder')}</p>
    </div>
  );
}
