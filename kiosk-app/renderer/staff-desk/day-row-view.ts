import type { StaffPermission } from '../../api/staff-contract';
import { bookingFromSlipQr } from '../../api/staff-contract';

// How a row of the day's list reads and what may be done with it, as plain functions.

export type RowStatus = 'booked' | 'checked_in' | 'no_show' | 'cancelled' | 'done';
export type RowAction = 'checkIn' | 'noShow' | 'start';

/** Each status has its own icon and words, so colour is never the only sign. */
export const STATUS_ICON: Record<RowStatus, 'clock' | 'check' | 'cross' | 'slash' | 'double-check'> = {
  booked: 'clock',
  checked_in: 'check',
  no_show: 'cross',
  cancelled: 'slash',
  done: 'double-check',
};

export function asRowStatus(status: string): RowStatus {
  return status in STATUS_ICON ? (status as RowStatus) : 'booked';
}

/**
 * What a row offers: a booked citizen arrives ("Đã đến") or does not ("Không đến"); one marked
 * absent may still arrive late; "Làm hồ sơ" for a citizen here (or booked and here now: the
 * desk checks them in first). A cancelled or finished row offers nothing.
 */
export function rowActions(status: RowStatus, permissions: readonly StaffPermission[]): RowAction[] {
  const out: RowAction[] = [];
  if (permissions.includes('check-in')) {
    if (status === 'booked' || status === 'no_show') out.push('checkIn');
    if (status === 'booked') out.push('noShow');
  }
  if (permissions.includes('assist') && (status === 'booked' || status === 'checked_in')) out.push('start');
  return out;
}

/**
 * Whether the check-in field holds something worth asking the core about: a slip's QR as the
 * scanner types it (`HNLICH:XXXX-XXXX:<uuid>`) or a booking code (`XXXX-XXXX`, the dash
 * optional, any case). The core reads it again; this only spares a call for a stray keystroke.
 */
export function looksLikeBooking(text: string): boolean {
  const t = text.trim();
  return bookingFromSlipQr(t) !== null || /^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/.test(t);
}

/** A booking code as typed, in the slip's form: upper case, the dash in place; a slip's QR unchanged. */
export function normalizeBookingInput(text: string): string {
  const t = text.trim();
  if (bookingFromSlipQr(t)) return t;
  const m = /^([0-9A-Za-z]{4})-?([0-9A-Za-z]{4})$/.exec(t);
  return m ? `${m[1]!.toUpperCase()}-${m[2]!.toUpperCase()}` : t;
}

/** The phone as a walk-in's form takes it: spaces and dots people type dropped; null when not valid. */
export function walkInPhone(text: string): string | null | undefined {
  const t = text.replace(/[\s.-]/g, '');
  if (t === '') return undefined;
  return /^\+?\d{8,15}$/.test(t) ? t : null;
}
