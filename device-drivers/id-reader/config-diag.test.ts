import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../common/logger';
import { runScannerDiag } from '../scanner/scanner-diag';
import { createScanner } from '../scanner/scanner-config';
import { scannerConfigSchema } from '../scanner/scanner-config-schema';
import { BarcodeReaderSimulator, SAMPLE_CCCD_QR } from '../simulators/barcode-reader-simulator';
import { createIdReader } from './id-reader-config';
import { idReaderConfigSchema } from './id-reader-config-schema';
import { parseForCli, runIdReaderDiag } from './id-reader-diag';

describe('config schemas and factories', () => {
  it('fills defaults and rejects nonsense with a bad-config error', async () => {
    expect(idReaderConfigSchema.parse({ kind: 'serial', path: '/dev/ttyACM0' })).toMatchObject({ baudRate: 9600, partialFrameMs: 500 });
    expect(idReaderConfigSchema.parse({ kind: 'hid', vendorId: 0x0c2e, productId: 0x0b61 })).toMatchObject({ mode: 'hid-pos' });
    expect(scannerConfigSchema.parse({ kind: 'sane', device: 'test' })).toMatchObject({ pageSizeMm: { width: 210, height: 297 }, readability: { lang: 'vie' } });
    const bad = await createIdReader({ kind: 'hid', vendorId: 70000, productId: 1 }, { logger: createMemoryLogger() });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('bad-config');
    const badScanner = createScanner({ kind: 'sane', device: '' }, { logger: createMemoryLogger() });
    expect(badScanner.ok ? 'ok' : badScanner.error.code).toBe('bad-config');
    const mrz = await createIdReader({ kind: 'mrz-scan' }, { logger: createMemoryLogger() });
    expect(mrz.ok ? 'ok' : mrz.error.code).toBe('missing-dependency');
  });

  it('the simulator kind gives a working reader plus its control API (demo mode)', async () => {
    const made = await createIdReader({ kind: 'simulator' }, { logger: createMemoryLogger() });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const { reader, simulator, close } = made.value;
    try {
      const p = reader.read(3000);
      await simulator!.present(SAMPLE_CCCD_QR.tranThiBinh);
      const r = await p;
      expect(r.ok && r.value.fullName).toBe('Trần Thị Bình');
    } finally {
      await close();
    }
  });
});

describe('diagnostics', () => {
  it('idreader status/test on a --port with a reader behind it', async () => {
    const sim = await BarcodeReaderSimulator.start();
    try {
      const st = await runIdReaderDiag('status', { port: sim.driverPath });
      expect(st).toMatchObject({ ok: true, status: 'ready' });
      let done = false;
      const pending = runIdReaderDiag('test', { port: sim.driverPath, listenMs: 5000 }).finally(() => (done = true));
      // The technician scans until the diag reports; cards before it listens are simply missed.
      while (!done) {
        await sim.present(SAMPLE_CCCD_QR.nguyenVanA);
        await new Promise((r) => setTimeout(r, 200));
      }
      const t = await pending;
      expect(t.ok).toBe(true);
      expect(t.lines.join('\n')).toContain('card read OK');
      // The technician's screen never shows the citizen's data.
      expect(t.lines.join('\n')).not.toContain('001090123456');
    } finally {
      await sim.stop();
    }
  });

  it('idreader on a missing port or an absent HID device reports disconnected', async () => {
    const r = await runIdReaderDiag('test', { port: '/dev/ttyUSB-does-not-exist' });
    expect(r).toMatchObject({ ok: false, status: 'disconnected' });
    const h = await runIdReaderDiag('status', { hid: { vendorId: 0x0c2e, productId: 0x0b61 } });
    expect(h).toMatchObject({ ok: false, status: 'disconnected' });
    expect(await runIdReaderDiag('status', {})).toMatchObject({ ok: false, status: 'not-configured' });
  });

  it('scanner status/test against the SANE test backend and a missing device', async () => {
    const ok = await runScannerDiag('test', { config: { kind: 'simulator' } });
    expect(ok.ok).toBe(true);
    expect(ok.lines.join('\n')).toMatch(/test: ready[\s\S]*test scan/);
    // The simulator run above wrote a test-backend-only SANE config there; listing is fast.
    const missing = await runScannerDiag('status', { device: 'nosuch:0', saneConfigDir: join(tmpdir(), 'kiosk-sane-test-backend') });
    expect(missing).toMatchObject({ ok: false, status: 'disconnected' });
  });
});

describe('parseForCli', () => {
  it('returns JSON-able results and typed errors', () => {
    const q = parseForCli('cccd-qr', SAMPLE_CCCD_QR.nguyenVanA);
    expect(JSON.parse(JSON.stringify(q))).toMatchObject({ ok: true, identity: { idNumber: '001090123456', dateOfBirth: '1990-01-01' } });
    expect(parseForCli('cccd-qr', 'xyz')).toMatchObject({ ok: false, error: { code: 'wrong-field-count' } });
    const m = parseForCli('mrz', 'IDVNM0901234562001090123456<<3\n9001011M3001019VNM<<<<<<<<<<<4\nNGUYEN<<VAN<A<<<<<<<<<<<<<<<<<');
    expect(m).toMatchObject({ ok: true, identity: { documentNumber: '090123456', expiryDate: '2030-01-01' } });
    expect(parseForCli('mrz', 'IDVNM0901234562001090123456<<3|9001011M3001019VNM<<<<<<<<<<<5|NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<')).toMatchObject({ ok: false, error: { code: 'bad-check-digit', fields: ['compositeCheckDigit'] } });
  });
});

describe('QR from a scanned card front', () => {
  it('decodes the sample card front (UTF-8 Vietnamese) into an identity', async () => {
    const { readCccdQrFromImage } = await import('./qr-from-image');
    const { loadSampleManifest, samplePath } = await import('../simulators/scanner-simulator');
    const front = loadSampleManifest().cards.find((c) => c.side === 'front')!;
    const r = await readCccdQrFromImage(samplePath(front.file));
    expect(r.ok && r.value).toMatchObject({ idNumber: '001090123456', fullName: 'Nguyễn Văn A', address: 'Số 1 Phố X, Phường Y, Hà Nội' });
    const back = loadSampleManifest().cards.find((c) => c.side === 'back')!;
    const none = await readCccdQrFromImage(samplePath(back.file));
    expect(none.ok ? 'ok' : none.error.code).toBe('no-qr-found');
  });
});

describe('barcode reader simulator CLI (demo mode)', () => {
  it('prints the driver path and presents a sample card on command', async () => {
    const { spawn } = await import('node:child_process');
    const { SerialBarcodeReader } = await import('./serial-barcode-reader');
    const child = spawn(process.execPath, ['--import', 'tsx', 'device-drivers/simulators/barcode-reader-simulator-cli.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await expect.poll(() => /driverPath=(\S+)/.exec(out)?.[1], { timeout: 15_000 }).toBeTruthy();
      const path = /driverPath=(\S+)/.exec(out)![1]!;
      const reader = new SerialBarcodeReader({ path, baudRate: 9600, logger: createMemoryLogger() });
      await reader.start();
      const p = reader.read(5000);
      child.stdin.write('present sixFields\n');
      const r = await p;
      expect(r.ok && r.value.fullName).toBe('Lê Quốc Đạt');
      await reader.close();
      child.stdin.write('quit\n');
      await new Promise((res) => child.once('exit', res));
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });
});
