// The VietQR adapter over the sync worker, against the city sandbox on loopback.
import { describe, it, expect, afterEach } from 'vitest';
import { createMemoryLogger } from '../../../common/logger';
import { startCitySandbox, type CitySandbox } from '../../../offline-sync';
import { tempDir, waitFor, makeKiosk, DEVICE, type Kiosk } from '../../../offline-sync/test-support/fixtures';
import type { PaymentNotification } from './payment-notifications';
import { CityVietQrNotificationSource } from './city-vietqr-notifications';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function sandbox(): Promise<CitySandbox> {
  const sb = await startCitySandbox({ dataDir: tempDir('vq-sb'), devices: [DEVICE] });
  open.push(sb);
  return sb;
}
function kiosk(url: string): Kiosk {
  const k = makeKiosk(url, {}, createMemoryLogger());
  open.push(k);
  return k;
}

describe('CityVietQrNotificationSource', () => {
  it('delivers a VietQR transfer to the waiting subscriber once, and stops polling when unsubscribed', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const got: PaymentNotification[] = [];
    const source = new CityVietQrNotificationSource(k.worker, { intervalMs: 30 });
    const off = source.subscribe('KIOSK-REF-0002', (n) => got.push(n));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([]);
    await fetch(`${sb.url}/sandbox/vietqr/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference: 'KIOSK-REF-0002', amount: 75_000 }) });
    await waitFor(() => got.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toMatchObject([{ reference: 'KIOSK-REF-0002', amount: 75_000, source: 'bank', bankRef: expect.stringMatching(/^FT/) }]);
    expect(got[0]!.paidAt).toBeInstanceOf(Date);
    off();
    const polls = () => sb.stats().byRoute['GET /v1/vietqr-notifications'] ?? 0;
    const before = polls();
    await new Promise((r) => setTimeout(r, 150));
    expect(polls() - before).toBeLessThanOrEqual(1);
  });
});
