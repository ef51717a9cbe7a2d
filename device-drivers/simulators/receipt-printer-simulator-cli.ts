/**
 * Demo/training: a receipt printer on the network (or a PTY), driven from the terminal.
 *   npx tsx device-drivers/simulators/receipt-printer-simulator-cli.ts [--tcp 9100] [--pty] [--paper 58|80] [--out DIR]
 * Prints the kiosk config that reaches it (`{"kind":"tcp","host":"127.0.0.1","port":9100,…}`)
 * and writes each receipt to DIR/job-<n>.png (default ./receipt-printer-out). Also works as a
 * stand-in for `kiosk diag printer --tcp 127.0.0.1:9100`. Commands on stdin, one a line:
 *   ready | paper-near-end | paper-out | cover-open | offline | error   set the printer's condition
 *   offline-after <n>     go offline after n more bytes (mid-job failure)
 *   mute | unmute         stop / resume answering status requests (switched off)
 *   jobs                  list the receipts printed so far
 *   quit
 */
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { SimulatedCondition } from '../printer/escpos-status';
import { startReceiptPrinterSimulator } from './receipt-printer-simulator';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outDir = resolve(opt('--out') ?? 'receipt-printer-out');
const paperWidth = opt('--paper') === '58' ? 58 : 80;
const sim = await startReceiptPrinterSimulator({
  transport: args.includes('--pty') ? 'pty' : 'tcp',
  port: Number(opt('--tcp') ?? 9100),
  paperWidth,
  outDir,
});
const t = sim.config.transport;
const flat = { ...t, paperWidth };
console.log(`config=${JSON.stringify(flat)}`);
console.log(`receipts go to ${outDir}`);
sim.control.onJob((j) => console.log(`printed job-${j.index}.png (${j.bytes} bytes${j.cut ? '' : ', NOT cut: printer went offline'}${j.qrPayloads.length ? `, QR ${j.qrPayloads.join(' ')}` : ''})`));

const CONDITIONS = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error'];
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [cmd = '', arg] = line.trim().split(/\s+/);
  if (CONDITIONS.includes(cmd)) sim.control.setStatus(cmd as SimulatedCondition);
  else if (cmd === 'offline-after' && arg && /^\d+$/.test(arg)) sim.control.goOfflineAfterBytes(Number(arg));
  else if (cmd === 'mute' || cmd === 'unmute') sim.control.setMute(cmd === 'mute');
  else if (cmd === 'jobs') for (const j of sim.control.jobs()) console.log(`job-${j.index}: ${j.bytes} bytes, ${j.rasterCommands} raster commands, cut=${j.cut}, errors=${j.errors.length}`);
  else if (cmd === 'quit') break;
  else {
    console.log(`? ${cmd} (${CONDITIONS.join(' | ')} | offline-after N | mute | unmute | jobs | quit)`);
    continue;
  }
  console.log(`ok ${cmd}${cmd === 'jobs' ? '' : ` (status: ${sim.control.getStatus()})`}`);
}
rl.close();
await sim.close();
