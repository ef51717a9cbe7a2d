import { afterEach, describe, expect, it } from 'vitest';
import { startReceiptPrinterSimulator, type RunningReceiptPrinterSimulator } from '../simulators/receipt-printer-simulator';
import { runPrinterDiag } from './printer-diag';

let sims: RunningReceiptPrinterSimulator[] = [];
afterEach(async () => {
  for (const s of sims) await s.close();
  sims = [];
});

describe('kiosk diag printer', () => {
  it('status over --tcp reports ready; test over --port prints the test page with its QR', async () => {
    const tcp = await startReceiptPrinterSimulator({ transport: 'tcp' });
    sims.push(tcp);
    const t = tcp.config.transport;
    if (t.kind !== 'tcp') throw new Error();
    const s = await runPrinterDiag('status', { tcp: `${t.host}:${t.port}` }, 'printer');
    expect(s).toMatchObject({ ok: true, status: 'ready' });
    expect(s.device).toContain(`${t.host}:${t.port}`);

    const pty = await startReceiptPrinterSimulator({ transport: 'pty' });
    sims.push(pty);
    const p = pty.config.transport;
    if (p.kind !== 'serial') throw new Error();
    const r = await runPrinterDiag('test', { port: p.path }, 'printer');
    expect(r.ok).toBe(true);
    expect(r.lines.join('\n')).toMatch(/Test page printed: \d+ bytes/);
    expect(pty.control.jobs().at(-1)?.qrPayloads).toEqual(['KIOSK-TEST-PAGE']);
  });

  it('tells the technician what to do when the printer is out of paper, and does not print', async () => {
    const sim = await startReceiptPrinterSimulator({});
    sims.push(sim);
    sim.control.setStatus('paper-out');
    const r = await runPrinterDiag('test', { config: sim.config }, 'printer');
    expect(r).toMatchObject({ ok: false, status: 'paper-out' });
    expect(r.lines.join('\n')).toMatch(/load a new roll/);
    expect(sim.control.jobs()).toHaveLength(0);
  });

  it('missing, malformed and unreachable targets give reports, not exceptions', async () => {
    expect(await runPrinterDiag('status', {}, 'printer')).toMatchObject({ ok: false, status: 'not-configured' });
    expect(await runPrinterDiag('status', { tcp: 'host:notaport' }, 'printer')).toMatchObject({ ok: false, status: 'bad-config' });
    expect(await runPrinterDiag('status', { tcp: '127.0.0.1:1' }, 'printer')).toMatchObject({ ok: false, status: 'disconnected' });
    expect(await runPrinterDiag('status', { port: '/dev/does-not-exist' }, 'printer')).toMatchObject({ ok: false, status: 'disconnected' });
    expect(await runPrinterDiag('status', {}, 'a4')).toMatchObject({ ok: false, status: 'not-configured' });
    expect(await runPrinterDiag('status', { queue: 'bad queue' }, 'a4')).toMatchObject({ ok: false, status: 'bad-config' });
  });
});
