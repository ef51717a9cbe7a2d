import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../common/logger';
import { createNodeHidApi, type HidApi, type HidDeviceHandle } from '../transports/hid';
import { HidBarcodeReader } from './hid-barcode-reader';
import { encodeHidPos, encodeKeyboardWedge, HidPosDecoder, KeyboardWedgeDecoder } from './hid-reports';

const SAMPLE = '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021';
const r8 = (...b: number[]) => Uint8Array.from([...b, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 8));
const UP = r8(0, 0);

describe('keyboard-wedge reports (captured bytes)', () => {
  it('decodes shift, digits, the | separator and Enter', () => {
    const d = new KeyboardWedgeDecoder();
    const reports = [r8(0x02, 0, 0x04), UP, r8(0, 0, 0x05), UP, r8(0, 0, 0x1e), UP, r8(0x20, 0, 0x31), UP, r8(0, 0, 0x27), UP, r8(0, 0, 0x28), UP];
    expect(reports.flatMap((r) => d.push(r))).toEqual([{ ok: true, value: 'Ab1|0' }]);
  });

  it('handles n-key rollover, a held key repeated in reports, and a 9-byte report with an ID', () => {
    const d = new KeyboardWedgeDecoder();
    const out = [r8(0, 0, 0x04, 0x05), r8(0, 0, 0x05), r8(0, 0, 0x05, 0x06), UP, Uint8Array.of(1, 0, 0, 0x28, 0, 0, 0, 0, 0)].flatMap((r) => d.push(r));
    expect(out).toEqual([{ ok: true, value: 'abc' }]);
  });

  it('decodes Alt+keypad code points (Unicode Alt mode) for Vietnamese letters', () => {
    const d = new KeyboardWedgeDecoder();
    // "ễ" = U+1EC5 = 7877: Alt held, keypad 7 8 7 7, Alt released.
    const alt = 0x04;
    const reports = [r8(alt, 0, 0x5f), r8(alt), r8(alt, 0, 0x60), r8(alt), r8(alt, 0, 0x5f), r8(alt), r8(alt, 0, 0x5f), r8(alt), UP, r8(0, 0, 0x28)];
    expect(reports.flatMap((r) => d.push(r))).toEqual([{ ok: true, value: 'ễ' }]);
  });

  it('round-trips a full CCCD QR through the encoder', () => {
    const d = new KeyboardWedgeDecoder();
    expect(encodeKeyboardWedge(SAMPLE).flatMap((r) => d.push(r))).toEqual([{ ok: true, value: SAMPLE }]);
  });

  it('never throws on random reports; every error is typed (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 12 }), { maxLength: 60 }), (reports) => {
        const d = new KeyboardWedgeDecoder();
        for (const r of reports) for (const x of d.push(r)) if (!x.ok) expect(['bad-report-length', 'unknown-keycode', 'frame-too-long']).toContain(x.error.code);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('HID-POS reports (usage page 0x8C)', () => {
  it('decodes a single captured report', () => {
    const r = new Uint8Array(64);
    r.set([0x02, 5, 0x5d, 0x51, 0x31]); // ID 2, 5 data bytes, "]Q1"
    r.set(Buffer.from('hello'), 5);
    expect(new HidPosDecoder().push(r)).toEqual({ ok: true, value: { text: 'hello', symbology: ']Q1' } });
  });

  it('joins a multi-report CCCD QR using the continuation bit, even when UTF-8 is split across reports', () => {
    const reports = encodeHidPos(SAMPLE);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports[0]![63]).toBe(1);
    const d = new HidPosDecoder();
    const results = reports.map((r) => d.push(r));
    expect(results.slice(0, -1).every((x) => x === null)).toBe(true);
    expect(results.at(-1)).toEqual({ ok: true, value: { text: SAMPLE, symbology: ']Q1' } });
  });

  it('rejects wrong report IDs and impossible lengths, then recovers', () => {
    const d = new HidPosDecoder();
    expect(d.push(Uint8Array.of(0x01, 0, 0, 0, 0, 0))).toMatchObject({ ok: false, error: { code: 'bad-report-id' } });
    const bad = new Uint8Array(64);
    bad.set([0x02, 200]);
    expect(d.push(bad)).toMatchObject({ ok: false, error: { code: 'bad-data-length' } });
    expect(d.push(encodeHidPos('ok')[0]!)).toMatchObject({ ok: true, value: { text: 'ok' } });
  });

  it('never throws on random reports (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ minLength: 64, maxLength: 64 }).map((a) => (a[0] = 2, a))), { maxLength: 40 }), (reports) => {
        const d = new HidPosDecoder();
        for (const r of reports) {
          const x = d.push(r);
          if (x && !x.ok) expect(['bad-report-length', 'bad-report-id', 'bad-data-length', 'invalid-utf8', 'frame-too-long']).toContain(x.error.code);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

/** An injected HID seam that replays captured reports, standing in for a device that cannot exist here. */
function replayHid(usagePage: number, usage: number): HidApi & { emit(r: Uint8Array): void } {
  let listener: ((d: Buffer) => void) | null = null;
  const handle: HidDeviceHandle = {
    on: ((ev: string, l: (d: Buffer) => void) => { if (ev === 'data') listener = l; }) as HidDeviceHandle['on'],
    close: () => {},
  };
  return {
    devices: async () => [{ vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw9', usagePage, usage }],
    open: async () => handle,
    emit: (r) => listener?.(Buffer.from(r)),
  };
}

describe('HidBarcodeReader', () => {
  it('reads an identity from HID-POS reports on the matching interface', async () => {
    const hid = replayHid(0x8c, 0x02);
    const reader = new HidBarcodeReader({ vendorId: 0x0c2e, productId: 0x0b61, mode: 'hid-pos', hid, logger: createMemoryLogger() });
    expect(await reader.status()).toEqual({ state: 'ready' });
    const p = reader.read(1000);
    for (const r of encodeHidPos(SAMPLE)) hid.emit(r);
    const got = await p;
    expect(got.ok && got.value.fullName).toBe('Nguyễn Văn A');
    await reader.close();
  });

  it('does not open the keyboard interface when configured for HID-POS', async () => {
    const reader = new HidBarcodeReader({ vendorId: 0x0c2e, productId: 0x0b61, mode: 'hid-pos', hid: replayHid(0x01, 0x06), logger: createMemoryLogger() });
    expect((await reader.status()).state).toBe('disconnected');
    await reader.close();
  });

  it('with the real node-hid on this machine (no HID devices) is disconnected, not crashed', async () => {
    const hid = createNodeHidApi();
    expect(await hid.devices()).toEqual([]);
    const reader = new HidBarcodeReader({ vendorId: 0x0c2e, productId: 0x0b61, mode: 'keyboard-wedge', hid, logger: createMemoryLogger() });
    const st = await reader.status();
    expect(st).toEqual({ state: 'disconnected', detail: 'no HID device 0c2e:0b61' });
    const t = await reader.test();
    expect(t.ok ? '' : t.error.detail).toContain('0 HID device(s) visible');
    await expect(hid.open('/dev/hidraw0')).rejects.toThrow();
    await reader.close();
  });
});
