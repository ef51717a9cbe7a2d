// What staff are and may do, owned by the api: the config, the staff service and the screens
// read it from here (imports nothing, so the renderer may take its values).

/** The city's staff roles (shared/city-gateway-api.md, POST /v1/staff-sessions). */
export const STAFF_ROLES = ['postal', 'collaborator', 'operator', 'technician'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What a signed-in staff member may do on this device:
 * - `assist`: open the assisted journey and prepare a dossier with a citizen;
 * - `submit`: submit it on the citizen's behalf (after the citizen's own consent);
 * - `book`: book or cancel a slot for a citizen (in person or on the phone);
 * - `check-in`: read the evening's list, check citizens in, mark no-shows, add walk-ins;
 * - `take-cash`: record a fee paid in cash;
 * - `shift-report`: print and send the end-of-shift report.
 */
export const STAFF_PERMISSIONS = ['assist', 'submit', 'book', 'check-in', 'take-cash', 'shift-report'] as const;
export type StaffPermission = (typeof STAFF_PERMISSIONS)[number];

/**
 * The centre's default rule: postal staff and bus operators do everything; collaborators
 * (students, youth union members, retired officials) help prepare and check, take the list and
 * bookings, but do not submit or take money; technicians keep the machine (maintenance mode).
 */
export const DEFAULT_PERMISSIONS: { readonly [R in StaffRole]: readonly StaffPermission[] } = {
  postal: STAFF_PERMISSIONS,
  operator: STAFF_PERMISSIONS,
  collaborator: ['assist', 'book', 'check-in'],
  technician: [],
};

/** A staff id as staff cards carry it (and the QR on them): letters, digits, - and _. */
export const STAFF_ID_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;

/** A staff card's QR: `HNSTAFF:<staffId>`; anything else is not a staff card. */
export function staffIdFromCardQr(text: string): string | null {
  const m = /^HNSTAFF:([A-Za-z0-9_-]{2,32})$/.exec(text.trim());
  return m ? m[1]! : null;
}

/** A booking slip's QR: `HNLICH:<bookingCode>:<appointmentId>`. */
export function bookingFromSlipQr(text: string): { bookingCode: string; appointmentId: string } | null {
  const m = /^HNLICH:([0-9A-Z]{4}-[0-9A-Z]{4}):([0-9a-f-]{36})$/.exec(text.trim());
  return m ? { bookingCode: m[1]!, appointmentId: m[2]! } : null;
}

export function slipQrOf(bookingCode: string, appointmentId: string): string {
  return `HNLICH:${bookingCode}:${appointmentId}`;
}
