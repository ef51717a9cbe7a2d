/**
 * Receipt printer benchmark: bytes on the wire and render/encode time (median) for the dossier
 * receipt, raster (default) vs the printer's own code pages, on 58 and 80 mm paper; plus the
 * whole print through the real driver to the simulator over loopback TCP, and what the bytes
 * would take on a real serial line (a PTY does not enforce the baud rate).
 *   npx tsx bench/printer-receipt.bench.ts [runs]
 */
import { silentLogger } from '../common/logger';
import { buildEscPosJob, concatSegments } from '../device-drivers/printer/escpos-job';
import type { PaperWidth, TextMode } from '../device-drivers/printer/printer-types';
import { dossierReceipt } from '../device-drivers/printer/receipt-documents';
import { createReceiptPrinter } from '../device-drivers/printer/receipt-printer-config';
import { startReceiptPrinterSimulator } from '../device-drivers/simulators/receipt-printer-simulator';
import { mustSucceed } from './bench-stats';

const runs = Number(process.argv[2] ?? 25);

const doc = dossierReceipt({
  branch: 'Trung tâm Phục vụ hành chính công Hà Nội – Chi nhánh Hoàn Kiếm',
  procedureName: 'Đăng ký thường trú (trường hợp chuyển đến từ tỉnh, thành phố khác)',
  receiptCode: 'HN-2611-004217',
  appointmentDate: '05/12/2026',
  feePaid: 15000,
  submittedAt: new Date(Date.UTC(2026, 10, 23, 2, 30)),
  pendingSync: true,
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function main() {
  const rows: string[][] = [];
  for (const paperWidth of [80, 58] as PaperWidth[]) {
    for (const textMode of ['raster', 'wpc1258', 'tcvn3'] as TextMode[]) {
      const times: number[] = [];
      let bytes = 0;
      mustSucceed(buildEscPosJob(doc, { paperWidth, textMode }), 'warm-up job'); // font registration, JIT
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const job = buildEscPosJob(doc, { paperWidth, textMode });
        times.push(performance.now() - t);
        if (!job.ok) throw new Error(job.error.detail);
        bytes = concatSegments(job.value).length;
      }
      const sim = await startReceiptPrinterSimulator({ transport: 'tcp', paperWidth, textMode });
      const p = createReceiptPrinter(sim.config, { logger: silentLogger });
      if (!p.ok) throw new Error(p.error.detail);
      const e2e: number[] = [];
      for (let i = 0; i < Math.min(runs, 10); i++) {
        const t = performance.now();
        const r = await p.value.print(doc);
        e2e.push(performance.now() - t);
        if (!r.ok) throw new Error(r.error.detail);
      }
      await p.value.close();
      await sim.close();
      rows.push([
        `${paperWidth} mm`,
        textMode,
        String(bytes),
        median(times).toFixed(1),
        median(e2e).toFixed(1),
        ((bytes * 10 * 1000) / 115200).toFixed(0),
        ((bytes * 10 * 1000) / 9600).toFixed(0),
      ]);
    }
  }
  const head = ['paper', 'text mode', 'bytes', 'render+encode ms (median)', 'print via TCP to simulator ms (median)', 'wire ms @115200', 'wire ms @9600'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ');
  console.log(`Dossier receipt, ${runs} runs per row, Node ${process.version}, ${new Date().toISOString()}`);
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(fmt(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
