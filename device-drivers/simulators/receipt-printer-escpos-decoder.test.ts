import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildEscPosJob, concatSegments } from '../printer/escpos-job';
import { dossierReceipt } from '../printer/receipt-documents';
import { decodeEscPos, EscPosDecoder, type DecodedItem } from './receipt-printer-escpos-decoder';

const doc = dossierReceipt({
  branch: 'Chi nhánh Hoàn Kiếm',
  procedureName: 'Cấp bản sao trích lục hộ tịch',
  receiptCode: 'HK-2611-000777',
  appointmentDate: '01/12/2026',
  feePaid: 8000,
  submittedAt: new Date(Date.UTC(2026, 10, 23, 2, 0)),
  pendingSync: true,
});

const job = (textMode: 'raster' | 'wpc1258' | 'tcvn3') => {
  const r = buildEscPosJob(doc, { paperWidth: 80, textMode });
  if (!r.ok) throw new Error(r.error.detail);
  return concatSegments(r.value);
};

const ERROR_CODES = ['unknown-command', 'bad-parameter', 'image-too-large', 'truncated'];

describe('ESC/POS decoder', () => {
  it('decodes the kiosk\'s own jobs with no error: init, raster bands, QR, cut', () => {
    const r = decodeEscPos(job('raster'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ops = r.value.map((c) => c.op);
    expect(ops[0]).toBe('init');
    expect(ops.filter((o) => o === 'raster').length).toBeGreaterThan(3);
    const store = r.value.find((c) => c.op === 'qr-store');
    expect(store && Buffer.from(store.op === 'qr-store' ? store.data : []).toString()).toBe('HK-2611-000777');
    expect(ops.at(-2) === 'cut' || ops.at(-1) === 'cut' || ops.includes('cut')).toBe(true);
  });

  it('selects the code table the config asked for (ESC t 52 / ESC t 30)', () => {
    for (const [mode, n] of [['wpc1258', 52], ['tcvn3', 30]] as const) {
      const r = decodeEscPos(job(mode));
      expect(r.ok && r.value.find((c) => c.op === 'code-table')).toEqual({ op: 'code-table', n });
    }
  });

  it('gives the same commands however the bytes are split across reads', () => {
    const bytes = job('wpc1258');
    const whole = new EscPosDecoder().push(bytes);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 40 }), (cuts) => {
        const d = new EscPosDecoder();
        const got: DecodedItem[] = [];
        let i = 0;
        let k = 0;
        while (i < bytes.length) {
          const n = cuts[k++ % cuts.length] ?? 1;
          got.push(...d.push(bytes.slice(i, i + n)));
          i += n;
        }
        expect(d.finish()).toBeNull();
        // Text runs may be split in two; compare with text re-joined.
        const flat = (items: DecodedItem[]) => {
          const out: string[] = [];
          for (const it of items) {
            if (it.kind !== 'command') out.push(`error:${it.error.code}`);
            else if (it.command.op === 'text') {
              const t = Buffer.from(it.command.bytes).toString('latin1');
              if (out.at(-1)?.startsWith('text:')) out[out.length - 1] += t;
              else out.push(`text:${t}`);
            } else out.push(JSON.stringify(it.command, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
          }
          return out;
        };
        expect(flat(got)).toEqual(flat(whole));
      }),
      { numRuns: 200 },
    );
  });

  it('reports a typed error for truncated, oversized and unknown commands', () => {
    expect(decodeEscPos(Uint8Array.of(0x1d, 0x76, 0x30, 0, 72, 0, 10))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(decodeEscPos(Uint8Array.of(0x1d, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0xff))).toMatchObject({ ok: false, error: { code: 'image-too-large' } });
    expect(decodeEscPos(Uint8Array.of(0x1b, 0x7e))).toMatchObject({ ok: false, error: { code: 'unknown-command', offset: 0 } });
    expect(decodeEscPos(Uint8Array.of(0x10, 0x04, 9))).toMatchObject({ ok: false, error: { code: 'bad-parameter' } });
  });

  it('fuzz: random bytes, and real jobs with random corruption, never throw and only yield typed errors', () => {
    const base = job('raster').slice(0, 3000);
    const check = (bytes: Uint8Array) => {
      const r = decodeEscPos(bytes);
      if (!r.ok) expect(ERROR_CODES).toContain(r.error.code);
      const d = new EscPosDecoder();
      for (const it of d.push(bytes)) if (it.kind === 'error') expect(ERROR_CODES).toContain(it.error.code);
      d.finish();
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), check), { numRuns: 3000 });
    // Command-heavy noise: mostly ESC/GS/DLE/FS prefixes, so every branch is reached.
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(0x1b, 0x1d, 0x10, 0x1c, 0x28, 0x6b, 0x76, 0x30, 0x31, 0x56), fc.integer({ min: 0, max: 255 })), { maxLength: 300 }), (a) => check(Uint8Array.from(a))), { numRuns: 3000 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), (flips) => {
        const b = base.slice();
        for (const [i, v] of flips) b[i] = v;
        check(b);
      }),
      { numRuns: 300 },
    );
  });

  it('the simulator, like a real printer, answers DLE EOT hidden in image data', async () => {
    const { ReceiptPrinterSimulator } = await import('./receipt-printer-simulator');
    const sim = new ReceiptPrinterSimulator(80);
    const img = new Uint8Array(72);
    img.set([0x10, 0x04, 0x01], 10);
    const bytes = Uint8Array.of(0x1d, 0x76, 0x30, 0, 72, 0, 1, 0, ...img);
    expect([...sim.receive(bytes)]).toEqual([0x12]);
    // The kiosk's own jobs never trigger it.
    expect([...sim.receive(job('raster'))]).toEqual([]);
  });

  it('the simulator counts one receipt per cut, and opening the cover between jobs makes no phantom receipt', async () => {
    const { ReceiptPrinterSimulator } = await import('./receipt-printer-simulator');
    const sim = new ReceiptPrinterSimulator(80);
    sim.receive(job('raster'));
    sim.receive(Uint8Array.of(0x10, 0x04, 0x01));
    sim.setStatus('cover-open');
    sim.setStatus('ready');
    sim.receive(job('tcvn3'));
    expect(sim.jobs().map((j) => j.cut)).toEqual([true, true]);
    expect(sim.jobs()[1]?.textLines[0]).toBe('Chi nhánh Hoàn Kiếm');
  });
});
