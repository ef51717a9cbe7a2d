// The demo's staff, enrolled in the embedded city sandbox only (training and tests). A real
// device signs in against the city's own staff register; these ids and PINs are public.
import type { StaffRole } from '../../api/staff-contract';

export interface DemoStaff {
  readonly staffId: string;
  readonly pin: string;
  readonly roles: readonly StaffRole[];
  readonly displayName: string;
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { staffId: 'BD-POST-01', pin: '135790', roles: ['postal'], displayName: 'Nguyễn Thị Lan' },
  { staffId: 'BD-CTV-01', pin: '246802', roles: ['collaborator'], displayName: 'Trần Minh Quân' },
  { staffId: 'BUS-OP-01', pin: '975310', roles: ['operator'], displayName: 'Lê Văn Hùng' },
];
