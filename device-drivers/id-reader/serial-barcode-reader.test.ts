import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../common/logger';
import { BarcodeReaderSimulator, SAMPLE_CCCD_QR } from '../simulators/barcode-reader-simulator';
import { FrameDecoder, MAX_FRAME_BYTES } from './serial-framing';
import { SerialBarcodeReader } from './serial-barcode-reader';
import type { CccdIdentity, IdReaderError } from './id-reader-types';

describe('FrameDecoder', () => {
  it('splits CR, LF and CRLF frames and skips the empty ones between', () => {
    const d = new FrameDecoder();
    const frames = d.push(Buffer.from('abc\r\ndef\rghi\n\n'));
    expect(frames).toEqual([{ ok: true, value: 'abc' }, { ok: true, value: 'def' }, { ok: true, value: 'ghi' }]);
  });

  it('reassembles a frame that arrives one byte at a time and drops line noise', () => {
    const d = new FrameDecoder();
    const bytes = Buffer.concat([Buffer.from([0x00, 0xff, 0x02]), Buffer.from('Nguyễn|x\u0003\r\n')]);
    const out = [...bytes].flatMap((b) => d.push(Uint8Array.of(b)));
    expect(out).toEqual([{ ok: true, value: 'Nguyễn|x' }]);
  });

  it('reports invalid UTF-8 and over-long frames, then decodes the next frame normally', () => {
    const d = new FrameDecoder(64);
    expect(d.push(Uint8Array.of(0x41, 0xc3, 0x28, 0x0d))[0]).toEqual({ ok: false, error: { code: 'invalid-utf8', bytes: 3 } });
    expect(d.push(Buffer.from('x'.repeat(100) + '\r'))[0]).toMatchObject({ ok: false, error: { code: 'frame-too-long' } });
    expect(d.push(Buffer.from('ok\r'))).toEqual([{ ok: true, value: 'ok' }]);
  });

  it('flush drops a partial frame with a typed error', () => {
    const d = new FrameDecoder();
    d.push(Buffer.from('00109012'));
    expect(d.flush()).toEqual({ ok: false, error: { code: 'partial-frame-dropped', bytes: 8 } });
    expect(d.pending).toBe(0);
  });

  it('never throws, keeps memory bounded, and every valid frame survives any chunking (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c === "\u007f")), { maxLength: 5 }),
        fc.integer({ min: 1, max: 17 }),
        (noise, texts, chunk) => {
          const d = new FrameDecoder();
          for (const n of noise) {
            for (const r of d.push(n)) if (!r.ok) expect(['invalid-utf8', 'frame-too-long']).toContain(r.error.code);
            expect(d.pending).toBeLessThanOrEqual(n.length + MAX_FRAME_BYTES * 200);
          }
          d.push(Buffer.from('\r'));
          d.flush();
          const stream = Buffer.from(texts.map((t) => t + '\r\n').join(''));
          const got: string[] = [];
          for (let i = 0; i < stream.length; i += chunk) for (const r of d.push(stream.subarray(i, i + chunk))) if (r.ok) got.push(r.value);
          expect(got).toEqual(texts);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('SerialBarcodeReader over a real PTY', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function rig(delays = { partialFrameMs: 80, reconnectMs: 50 }) {
    const sim = await BarcodeReaderSimulator.start();
    cleanups.push(() => sim.stop());
    const logger = createMemoryLogger();
    const reader = new SerialBarcodeReader({ path: sim.driverPath, baudRate: 9600, logger, delays });
    cleanups.push(() => reader.close());
    await reader.start();
    return { sim, reader, logger };
  }

  it('reads a presented card into an identity, and logs no personal data', async () => {
    const { sim, reader, logger } = await rig();
    expect(await reader.status()).toEqual({ state: 'ready' });
    const pending = reader.read(3000);
    await sim.present(SAMPLE_CCCD_QR.nguyenVanA, { garbageBefore: Uint8Array.of(0, 0xff, 0xfe), chunkSize: 16 });
    const r = await pending;
    expect(r.ok && r.value).toMatchObject({ idNumber: '001090123456', fullName: 'Nguyễn Văn A', source: 'qr' });
    const log = logger.lines.join('\n');
    expect(log).not.toContain('001090123456');
    expect(log).not.toContain('Nguyễn');
  });

  it('reports garbage and non-CCCD codes as read errors and still reads the next card', async () => {
    const { sim, reader } = await rig();
    const errors: IdReaderError[] = [];
    const ids: CccdIdentity[] = [];
    reader.onReadError((e) => errors.push(e));
    reader.onIdentity((i) => ids.push(i));
    await sim.sendGarbage(Uint8Array.of(0xc3, 0x28, 0x41, 0x0d));
    await sim.present('https://example.com/khong-phai-cccd');
    await sim.presentPartial(SAMPLE_CCCD_QR.tranThiBinh, 0.4);
    await new Promise((r) => setTimeout(r, 200)); // longer than partialFrameMs: the torn frame is dropped
    await sim.present(SAMPLE_CCCD_QR.sixFields, { terminator: '\r' });
    await expect.poll(() => ids.length, { timeout: 3000 }).toBe(1);
    expect(ids[0]).toMatchObject({ fullName: 'Lê Quốc Đạt', oldIdNumber: null });
    expect(errors.map((e) => e.detail)).toEqual(['invalid-utf8', 'wrong-field-count', 'partial-frame-dropped']);
  });

  it('times out when no card is presented', async () => {
    const { reader } = await rig();
    const r = await reader.read(100);
    expect(r).toEqual({ ok: false, error: { code: 'timeout', detail: 'no card within 100 ms' } });
  });

  it('is disconnected when the port does not exist, and reconnects when it appears', async () => {
    const logger = createMemoryLogger();
    const sim = await BarcodeReaderSimulator.start();
    cleanups.push(() => sim.stop());
    const missing = sim.driverPath + '-later';
    const reader = new SerialBarcodeReader({ path: missing, baudRate: 9600, logger, delays: { reconnectMs: 30 } });
    cleanups.push(() => reader.close());
    await reader.start();
    const st = await reader.status();
    expect(st.state).toBe('disconnected');
    expect((await reader.read(1000)).ok).toBe(false);
    const t = await reader.test();
    expect(t.ok).toBe(false);
    const { symlinkSync } = await import('node:fs');
    symlinkSync(sim.driverPath, missing); // "plugging in" the reader
    await expect.poll(async () => (await reader.status()).state, { timeout: 3000 }).toBe('ready');
  });

  it('goes disconnected when the reader is unplugged mid-session (the PTY disappears)', async () => {
    const { sim, reader } = await rig({ partialFrameMs: 80, reconnectMs: 50 });
    expect((await reader.status()).state).toBe('ready');
    await sim.stop();
    await expect.poll(async () => (await reader.status()).state, { timeout: 3000 }).toBe('disconnected');
    const r = await reader.read(500);
    expect(r.ok ? 'ok' : r.error.code).toBe('disconnected');
  });
});
