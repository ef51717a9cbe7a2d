// Hanoi's time zone, for every time a citizen, clerk or technician reads (UTC+7, no DST).
export const HANOI_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** `2026-12-04 21:41:52` in Hanoi: sortable, for logs and technicians' tables. */
export function formatHanoiTimestamp(iso: string | Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: HANOI_TIME_ZONE,
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}
