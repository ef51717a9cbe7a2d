/**
 * Demo/training: a 2D barcode reader on a PTY, driven from the terminal.
 *   npx tsx device-drivers/simulators/barcode-reader-simulator-cli.ts
 * Prints `driverPath=/tmp/kiosk-pty-…/tty-driver-…`; point the kiosk's id-reader config
 * ({ kind: 'serial', path }) at it. Commands on stdin, one a line:
 *   present <sample>     a sample card (nguyenVanA | tranThiBinh | sixFields)
 *   text <qr text>       any text as a QR read (CRLF appended)
 *   garbage              line noise (00 FF FE C3 28 0D)
 *   partial <sample>     a torn read: the first half, no terminator
 *   quit
 */
import { createInterface } from 'node:readline';
import { BarcodeReaderSimulator, SAMPLE_CCCD_QR } from './barcode-reader-simulator';

const sim = await BarcodeReaderSimulator.start();
console.log(`driverPath=${sim.driverPath}`);
const samples = SAMPLE_CCCD_QR as Record<string, string>;
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [cmd = '', ...rest] = line.trim().split(' ');
  const arg = rest.join(' ');
  try {
    if (cmd === 'present' && samples[arg]) await sim.present(samples[arg]);
    else if (cmd === 'text' && arg) await sim.present(arg);
    else if (cmd === 'garbage') await sim.sendGarbage(Uint8Array.of(0x00, 0xff, 0xfe, 0xc3, 0x28, 0x0d));
    else if (cmd === 'partial' && samples[arg]) await sim.presentPartial(samples[arg]);
    else if (cmd === 'quit') break;
    else {
      console.log(`? ${cmd} (samples: ${Object.keys(samples).join(', ')})`);
      continue;
    }
    console.log(`ok ${cmd}`);
  } catch (e) {
    console.log(`error ${e instanceof Error ? e.message : String(e)}`);
  }
}
rl.close();
await sim.stop();
