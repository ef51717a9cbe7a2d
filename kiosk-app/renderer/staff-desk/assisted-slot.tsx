import { useTranslation } from 'react-i18next';

export interface AssistedSlotProps {
  readonly procedureCode: string;
  readonly appointmentId: string;
  readonly expected: { readonly maskedId: string; readonly fullName: string };
  onClose(): void;
}

// PLACEHOLDER: the assisted helper's `<AssistedJourney procedureCode appointmentId expected
// onClose />` (../assisted/assisted-journey) goes here once it is merged:
// `return <AssistedJourney {...props} />;`. Until then "Làm hồ sơ" opens this and says so.
export function AssistedSlot({ expected, onClose }: AssistedSlotProps) {
  const { t } = useTranslation();
  return (
    <div className="desk-placeholder" data-testid="assisted-placeholder">
      <h1>{t('staff.assisted.placeholderTitle', { name: expected.fullName })}</h1>
      <p className="banner warn">{t('staff.assisted.placeholder')}</p>
      <button type="button" className="desk-button" data-testid="assisted-close" onClick={onClose}>
        {t('staff.assisted.close')}
      </button>
    </div>
  );
}
