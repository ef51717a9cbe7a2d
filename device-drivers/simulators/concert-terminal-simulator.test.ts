import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteLink } from '../payment/byte-link';
import { ACK, ENQ, EOT, NAK, encodeRequest, frame } from '../payment/concert-frames';
import { ConcertSerialTerminal } from '../payment/concert-serial-terminal';
import { openPtyPair, type PtyPair } from '../transports/pty-pair';
import { ConcertTerminalSimulator } from './concert-terminal-simulator';

// The simulator on its own: raw bytes in, raw bytes out, as a POS would see them.

describe('Concert terminal simulator, byte level', () => {
  let pair: PtyPair | undefined;
  let sim: ConcertTerminalSimulator | undefined;
  let pos: ByteLink | undefined;
  afterEach(async () => {
    await pos?.close();
    await sim?.close();
    await pair?.close();
  });

  async function setup() {
    pair = await openPtyPair();
    sim = await ConcertTerminalSimulator.start({ path: pair.devicePath, processingMs: 10, ackTimeoutMs: 300 });
    const link = await ByteLink.open(pair.driverPath, 9600);
    if (link instanceof Error) throw link;
    pos = link;
    return { sim, pos: link };
  }

  it('ACKs ENQ, NAKs a frame with a bad LRC, ACKs the good one, then answers with ENQ and a reply', async () => {
    const { sim, pos } = await setup();
    await pos.write([ENQ]);
    expect(await pos.readByte(500)).toBe(ACK);
    const good = encodeRequest({ posNumber: 1, amount: 50_000, mode: '0', longReply: false });
    if (!good.ok) throw new Error('encode');
    const bad = Buffer.from(good.value);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x55;
    await pos.write(bad);
    expect(await pos.readByte(500)).toBe(NAK);
    await pos.write(good.value);
    expect(await pos.readByte(500)).toBe(ACK);
    await pos.write([EOT]);
    expect(await pos.readByte(500)).toBe(ENQ);
    await pos.write([ACK]);
    const reply: number[] = [];
    for (let i = 0; i < 28; i++) {
      const b = await pos.readByte(500);
      if (typeof b === 'number') reply.push(b);
    }
    expect(Buffer.from(reply).subarray(1, 26).toString('latin1')).toBe('010000500000704          ');
    await pos.write([ACK]);
    expect(await pos.readByte(500)).toBe(EOT);
    expect(sim.approvedSales).toHaveLength(1);
  });

  it('NAKs a well-framed request with invalid fields and charges nothing', async () => {
    const { sim, pos } = await setup();
    await pos.write([ENQ]);
    expect(await pos.readByte(500)).toBe(ACK);
    await pos.write(frame('01000500001017040000000000A010B01X'));
    expect(await pos.readByte(500)).toBe(NAK);
    await pos.write([EOT]);
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.requests).toHaveLength(0);
  });
});

describe('Concert simulator from the command line (demo and training mode)', () => {
  it('makes its own PTY, prints the path, and obeys commands on stdin', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'device-drivers/simulators/concert-terminal-simulator.ts'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const seen: string[] = [];
    const waitFor = (re: RegExp) =>
      new Promise<string>((resolve) => {
        const hit = seen.find((l) => re.test(l));
        if (hit) return resolve(hit);
        const on = (l: string) => {
          if (re.test(l)) {
            lines.off('line', on);
            resolve(l);
          }
        };
        lines.on('line', on);
      });
    lines.on('line', (l) => seen.push(l));
    let term: ConcertSerialTerminal | undefined;
    try {
      const pathLine = await waitFor(/^terminal driver path: /);
      await waitFor(/^Concert simulator on /);
      const path = pathLine.replace('terminal driver path: ', '').trim();
      // The production ACK wait: the simulator runs in its own process, which a loaded machine may be slow to schedule.
      term = new ConcertSerialTerminal({ path, timeouts: { ackMs: 3_000, replyMs: 10_000 } });
      const sale = await term.sale({ amount: 12_000, tag: 'CLI1' });
      expect(sale.ok).toBe(true);
      child.stdin.write('decline\n');
      await waitFor(/^ok decline$/);
      const declined = await term.sale({ amount: 12_000, tag: 'CLI2' });
      expect(declined.ok ? null : declined.error.code).toBe('declined');
      child.stdin.write('sales\n');
      const journal = await waitFor(/^\[\{/);
      expect(JSON.parse(journal)).toHaveLength(1);
      child.stdin.write('quit\n');
      await new Promise((r) => child.once('exit', r));
    } finally {
      await term?.close();
      if (child.exitCode === null) child.kill();
    }
  }, 20_000);
});
