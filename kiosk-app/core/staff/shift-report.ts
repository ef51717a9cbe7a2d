// The end-of-shift report of a community point: the dossiers this device took in the shift by
// procedure (with each one's status from the city's changes), the fees by method (cash is a
// method here), the day's appointments, and what is still unsent. Printed on A4 and sent to the
// city as telemetry counters (never a name or an ID number).
import type { Clock } from '../../../common/clock';
import { formatVnd } from '../../../common/money';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { A4Printer } from '../../../device-drivers/printer';
import type { Outbox } from '../../../offline-sync';
import type { AppointmentService } from '../appointments/appointment-service';
import type { CatalogService } from '../catalog/catalog-service';
import type { KioskConfig } from '../config/config-schema';
import type { StaffError, StaffService } from './staff-service';

export type PaymentMethodName = 'card' | 'vietqr' | 'cash';

export interface ShiftReport {
  readonly point: string;
  readonly staffId: string;
  readonly displayName: string;
  readonly from: string;
  readonly to: string;
  readonly dossiers: {
    readonly total: number;
    readonly byProcedure: readonly { readonly code: string; readonly name: string; readonly count: number }[];
    /** Each dossier as the point's records show it: no personal data. */
    readonly list: readonly { readonly id: string; readonly procedureCode: string; readonly code: string; readonly createdAt: string; readonly sent: boolean; readonly cityStatus: string | null }[];
  };
  readonly fees: { readonly byMethod: Readonly<Record<PaymentMethodName, { readonly count: number; readonly amount: number }>>; readonly total: number };
  readonly appointments: { readonly booked: number; readonly checkedIn: number; readonly noShow: number; readonly done: number; readonly walkIns: number };
  readonly unsent: { readonly count: number; readonly since: string | null };
}

export type ShiftReportError = StaffError | { readonly code: 'no-printer' } | { readonly code: 'print-failed'; readonly detail: string } | { readonly code: 'storage'; readonly detail: string };

export interface ShiftReportDeps {
  readonly config: Pick<KioskConfig, 'community' | 'booking'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly staff: Pick<StaffService, 'require' | 'audit'>;
  readonly outbox: Pick<Outbox, 'dossiers' | 'payments' | 'enqueueTelemetry'>;
  readonly appointments: Pick<AppointmentService, 'dayList'>;
  readonly catalog: Pick<CatalogService, 'get'>;
  readonly a4Printer: A4Printer | null;
}

const METHOD_LABEL: Record<PaymentMethodName, string> = { cash: 'Tiền mặt', card: 'Thẻ ngân hàng', vietqr: 'VietQR' };

export class ShiftReports {
  constructor(private readonly d: ShiftReportDeps) {}

  /** The shift so far: from its sign-in to now. */
  async report(opts: { passive?: boolean } = {}): Promise<Result<ShiftReport, ShiftReportError>> {
    const shift = this.d.staff.require('shift-report', opts);
    if (!shift.ok) return shift;
    const from = Date.parse(shift.value.startedAt);
    const to = this.d.clock.now().getTime() + 1;
    const dossiers = this.d.outbox.dossiers.createdBetween(from, to).filter((x) => x.channel !== 'kiosk');
    const counts = new Map<string, number>();
    for (const x of dossiers) counts.set(x.procedureCode, (counts.get(x.procedureCode) ?? 0) + 1);
    const byMethod: Record<PaymentMethodName, { count: number; amount: number }> = { cash: { count: 0, amount: 0 }, card: { count: 0, amount: 0 }, vietqr: { count: 0, amount: 0 } };
    for (const p of this.d.outbox.payments.createdBetween(from, to)) {
      if (p.outcome !== 'approved') continue;
      byMethod[p.method].count += 1;
      byMethod[p.method].amount += p.amount;
    }
    const day = await this.d.appointments.dayList();
    const rows = day.rows;
    const unsent = dossiers.filter((x) => x.delivery !== 'acked');
    return ok({
      point: this.d.config.community.pointCode,
      staffId: shift.value.staffId,
      displayName: shift.value.displayName,
      from: new Date(from).toISOString(),
      to: new Date(to - 1).toISOString(),
      dossiers: {
        total: dossiers.length,
        byProcedure: [...counts].map(([code, count]) => ({ code, name: this.d.catalog.get(code)?.name.vi ?? code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
        list: dossiers.map((x) => ({ id: x.id, procedureCode: x.procedureCode, code: x.receiptCode ?? x.localRef, createdAt: x.createdAt, sent: x.delivery === 'acked', cityStatus: x.cityStatus })),
      },
      fees: { byMethod, total: byMethod.cash.amount + byMethod.card.amount + byMethod.vietqr.amount },
      appointments: {
        booked: rows.filter((r) => !r.walkIn && r.status !== 'cancelled').length,
        checkedIn: rows.filter((r) => r.status === 'checked_in' || r.status === 'done').length,
        noShow: rows.filter((r) => r.status === 'no_show').length,
        done: rows.filter((r) => r.status === 'done').length,
        walkIns: rows.filter((r) => r.walkIn).length,
      },
      unsent: { count: unsent.length, since: unsent[0]?.createdAt ?? null },
    });
  }

  /** Prints the report on A4 and sends its counters to the city (telemetry, through the outbox). */
  async printAndSend(): Promise<Result<ShiftReport, ShiftReportError>> {
    const r = await this.report();
    if (!r.ok) return r;
    const rep = r.value;
    const sent = this.d.outbox.enqueueTelemetry({
      counters: {
        'shift.dossiers': rep.dossiers.total,
        'shift.unsent': rep.unsent.count,
        ...Object.fromEntries(rep.dossiers.byProcedure.map((p) => [`shift.dossiers:${p.code}`, p.count])),
        ...Object.fromEntries((Object.keys(rep.fees.byMethod) as PaymentMethodName[]).flatMap((m) => [[`shift.fees:${m}`, rep.fees.byMethod[m].amount], [`shift.payments:${m}`, rep.fees.byMethod[m].count]])),
        'shift.appointments.booked': rep.appointments.booked,
        'shift.appointments.checked-in': rep.appointments.checkedIn,
        'shift.appointments.no-show': rep.appointments.noShow,
        'shift.appointments.walk-ins': rep.appointments.walkIns,
      },
    });
    if (!sent.ok) return err({ code: 'storage', detail: sent.error.code });
    this.d.staff.audit('shift-report', undefined, { dossiers: rep.dossiers.total, unsent: rep.unsent.count });
    const printer = this.d.a4Printer;
    if (!printer) return err({ code: 'no-printer' });
    const point = this.d.config.booking.points.find((p) => p.code === rep.point);
    const { shiftReportPdf } = await import('../../../device-drivers/printer/a4-documents');
    const pdf = await shiftReportPdf({
      place: point ? `${point.name} (${rep.point})` : rep.point,
      staff: `${rep.displayName} (${rep.staffId})`,
      from: new Date(rep.from),
      to: new Date(rep.to),
      dossiers: rep.dossiers.byProcedure.map((p) => ({ name: p.name, count: p.count })),
      fees: (Object.keys(METHOD_LABEL) as PaymentMethodName[]).map((m) => ({ method: METHOD_LABEL[m], count: rep.fees.byMethod[m].count, amount: formatVnd(rep.fees.byMethod[m].amount, 'vi') })),
      feesTotal: formatVnd(rep.fees.total, 'vi'),
      appointments: [
        { label: 'Đã đặt lịch', count: rep.appointments.booked },
        { label: 'Đã đến', count: rep.appointments.checkedIn },
        { label: 'Không đến', count: rep.appointments.noShow },
        { label: 'Khách không hẹn trước', count: rep.appointments.walkIns },
      ],
      unsent: { count: rep.unsent.count, since: rep.unsent.since ? new Date(rep.unsent.since) : null },
      printedAt: this.d.clock.now(),
    });
    const printed = await printer.printPdf(pdf, `Báo cáo ca ${rep.point}`);
    if (!printed.ok) {
      this.d.logger.warn('shift-report-print-failed', { code: printed.error.code });
      return err({ code: 'print-failed', detail: printed.error.code });
    }
    return ok(rep);
  }
}
