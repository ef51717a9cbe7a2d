// `kiosk outbox status|list|show ID|retry ID|export DIR` for technicians: readable tables for
// people, --json for machines. Nothing printed here contains personal data.
import { Option, type Command } from 'commander';
import { openKioskStore } from '../store/store';
import type { Result } from '../../common/result';
import type { StoreKeySource } from '../store/keys';
import { Outbox } from '../outbox/outbox';
import type { MessageKind, MessageRow, MessageState } from '../outbox/types';

/** Where a kiosk keeps its outbox and where that outbox's key comes from. */
export interface OutboxLocation {
  readonly dataDir: string;
  readonly key: StoreKeySource;
}

export interface OutboxCommandOptions {
  /** Used when --data-dir is not given (the app passes its configured data dir). */
  defaultDataDir?: string;
  /** Reads a kiosk config (--config FILE) into the outbox's location, or says why not. */
  locate?: (configFile: string, dataDir?: string) => Result<OutboxLocation, string>;
  /** Output sink (tests capture it). */
  write?: (s: string) => void;
}

interface Common {
  dataDir?: string;
  config?: string;
  json?: boolean;
}

const iso = (ms: number | null) => (ms == null ? '-' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19));

export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '-')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(columns), fmt(widths.map((w) => '-'.repeat(w))), ...cells.map(fmt)].join('\n') + '\n';
}

export function registerOutboxCommands(program: Command, options: OutboxCommandOptions = {}): Command {
  const write = options.write ?? ((s: string) => process.stdout.write(s));
  const out = program.command('outbox').description('inspect and unstick the offline outbox (no personal data is shown)');

  const locate = (o: Common): OutboxLocation | string => {
    if (o.config) {
      if (!options.locate) return 'This build cannot read --config here; pass --data-dir.';
      const located = options.locate(o.config, o.dataDir);
      return located.ok ? located.value : located.error;
    }
    const dataDir = o.dataDir ?? options.defaultDataDir ?? process.env['KIOSK_DATA_DIR'];
    if (!dataDir) return 'No data dir: pass --config FILE (a real kiosk) or --data-dir DIR (the demo).';
    // Without a config only a key beside the data (the demo's) can open it; never create one.
    return { dataDir, key: { kind: 'data-dir', create: false } };
  };

  const withOutbox = <T>(o: Common, fn: (ob: Outbox) => T): T | undefined => {
    const where = locate(o);
    if (typeof where === 'string') {
      write(o.json ? JSON.stringify({ error: { code: 'no-location', message: where } }) + '\n' : where + '\n');
      process.exitCode = 2;
      return undefined;
    }
    const store = openKioskStore(where);
    if (!store.ok) {
      write(o.json ? JSON.stringify({ error: store.error }) + '\n' : `Cannot open the outbox in ${where.dataDir}: ${store.error.message} (${store.error.code})\n`);
      process.exitCode = 2;
      return undefined;
    }
    try {
      return fn(new Outbox(store.value));
    } finally {
      store.value.close();
    }
  };
  const common = (c: Command) =>
    c
      .option('--config <file>', "the kiosk's config: its data dir and where its key comes from")
      .option('--data-dir <dir>', 'kiosk data directory')
      .option('--json', 'machine-readable output');

  common(out.command('status').description('counts, oldest waiting item, parked items, unresolved payments')).action((o: Common) =>
    withOutbox(o, (ob) => {
      const s = ob.stats();
      if (o.json) return write(JSON.stringify(s) + '\n');
      write(
        `Waiting to send : ${s.pending}${s.oldestPendingAt ? ` (oldest since ${s.oldestPendingAt})` : ''}\n` +
          `Parked (refused): ${s.parked}${s.parked ? '  → kiosk outbox list --state rejected; kiosk outbox retry ID' : ''}\n` +
          `Waiting on other: ${s.blocked}\n` +
          `Delivered       : ${s.acked}\n` +
          `Unknown payments: ${s.unresolvedPayments}${s.unresolvedPayments ? '  → reconcile with the card terminal before refunding' : ''}\n` +
          `Paid, no dossier: ${s.paidNotSubmitted}${s.paidNotSubmitted ? '  → the citizen paid but has no dossier: complete it at the counter or refund (maintenance panel)' : ''}\n` +
          `Purged dossiers : ${s.purgedDossiers}\n\n` +
          table(Object.entries(s.byKind).map(([kind, v]) => ({ kind, ...v })), ['kind', 'pending', 'parked', 'acked']),
      );
    }),
  );

  common(out.command('list').description('messages in send order'))
    .addOption(new Option('--state <state>', 'only this state').choices(['pending', 'sending', 'acked', 'rejected']))
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['dossier', 'payment', 'queue_ticket', 'telemetry', 'supplement', 'audit']))
    .option('--limit <n>', 'at most n rows', (v) => Number.parseInt(v, 10), 200)
    .action((o: Common & { state?: MessageState; kind?: MessageKind; limit: number }) =>
      withOutbox(o, (ob) => {
        const rows = ob.list({ state: o.state, kind: o.kind, limit: o.limit });
        if (o.json) return write(JSON.stringify(rows) + '\n');
        if (!rows.length) return write('Nothing matches.\n');
        write(table(rows.map((m: MessageRow) => ({
          seq: m.seq, kind: m.kind, id: m.id, state: m.state, tries: m.attempts, created: iso(m.createdAt),
          next: m.state === 'pending' && m.nextAttemptAt ? iso(m.nextAttemptAt) : '-', error: (m.rejectCode ?? m.lastError ?? '-').slice(0, 48),
        })), ['seq', 'kind', 'id', 'state', 'tries', 'created', 'next', 'error']));
      }),
    );

  common(out.command('show').argument('<id>', 'message id (dossier, payment, ticket…)').description('one message with its metadata')).action((id: string, o: Common) =>
    withOutbox(o, (ob) => {
      const v = ob.show(id) ?? (() => {
        const d = ob.findDossierByReceiptCode(id);
        return d ? ob.show(d.id) : null;
      })();
      if (!v) {
        write(o.json ? JSON.stringify({ error: { code: 'not-found' } }) + '\n' : `No message ${id}.\n`);
        process.exitCode = 1;
        return;
      }
      if (o.json) return write(JSON.stringify(v) + '\n');
      const m = v.message;
      let s = `${m.kind} ${m.id}\n  state      ${m.state} after ${m.attempts} attempt(s)\n  created    ${iso(m.createdAt)}\n  last try   ${iso(m.lastAttemptAt)}\n`;
      if (m.ackedAt) s += `  delivered  ${iso(m.ackedAt)}\n`;
      if (m.rejectCode) s += `  refused    ${m.rejectCode}: ${m.rejectReason}\n`;
      else if (m.lastError) s += `  last error ${m.lastError}\n`;
      if (m.dependsOn) s += `  waits for  ${m.dependsOn}\n`;
      if (v.dossier) {
        const d = v.dossier;
        s += `  procedure  ${d.procedureCode} (${d.channel}), fee ${d.feeAmount} VND\n  local ref  ${d.localRef}\n  receipt    ${d.receiptCode ?? '-'}\n  city       ${d.cityStatus ?? '-'}${d.cityStatusAt ? ` at ${d.cityStatusAt}` : ''}\n`;
      }
      for (const a of v.attachments ?? []) s += `  scan ${a.ord + 1}     ${a.documentType} ${a.size} B sha256 ${a.sha256.slice(0, 12)}… ${a.uploadId ? 'uploaded' : a.uploadUrl ? 'partly uploaded' : 'not uploaded'}\n`;
      if (v.payment) s += `  payment    ${v.payment.method} ${v.payment.amount} VND ${v.payment.outcome}${v.payment.maskedPan ? ` ${v.payment.maskedPan}` : ''}\n`;
      if (v.queueTicket) s += `  ticket     ${v.queueTicket.branchCode}/${v.queueTicket.serviceCode} number ${v.queueTicket.number ?? '(not issued yet)'}\n`;
      write(s);
    }),
  );

  common(out.command('retry').argument('<id>', 'message id').description('send a parked message again (or a waiting one now)')).action((id: string, o: Common) =>
    withOutbox(o, (ob) => {
      const r = ob.retry(id);
      if (!r.ok) {
        write(o.json ? JSON.stringify({ error: r.error }) + '\n' : `${r.error.message}\n`);
        process.exitCode = 1;
        return;
      }
      write(o.json ? JSON.stringify(r.value) + '\n' : `${r.value.kind} ${id} will be sent at the next sync.\n`);
    }),
  );

  common(out.command('export').argument('<dir>', 'directory to write the report to').description('write a metadata-only report (no personal data)')).action((dir: string, o: Common) =>
    withOutbox(o, (ob) => {
      const r = ob.exportReport(dir);
      if (!r.ok) {
        write(o.json ? JSON.stringify({ error: r.error }) + '\n' : `${r.error.message}\n`);
        process.exitCode = 1;
        return;
      }
      write(o.json ? JSON.stringify(r.value) + '\n' : `Wrote ${r.value.messages} message(s) to ${r.value.file}\n`);
    }),
  );
  return out;
}
