import { createActor, waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../common/result';
import { FakeScanner } from './fake-scanner';
import { OcrEngine } from './ocr-engine';
import { createScanMachine } from './scan-machine';
import type { ScannedDocument } from './scanner-types';

const doc: ScannedDocument = { pdfPath: '/tmp/x.pdf', pages: [], droppedBlankPages: [], readabilityWarning: false };
const opts = { source: 'adf' as const, mode: 'gray' as const, dpi: 200, outDir: '/tmp/scan' };

describe('scan lifecycle machine', () => {
  it('jam → retry → review → accepted', async () => {
    const fake = new FakeScanner();
    fake.queueResult(err({ code: 'jammed', detail: 'paper jam' }));
    fake.queueResult(ok(doc));
    const a = createActor(createScanMachine(fake)).start();
    a.send({ type: 'SCAN', options: opts });
    await waitFor(a, (s) => s.matches('fault'));
    expect(a.getSnapshot().context.error?.code).toBe('jammed');
    a.send({ type: 'RETRY' });
    await waitFor(a, (s) => s.matches('review'));
    a.send({ type: 'ACCEPT' });
    expect(a.getSnapshot().value).toBe('accepted');
    expect(a.getSnapshot().context.attempts).toBe(2);
    expect(fake.requests).toHaveLength(2);
  });

  it('an unattended fault screen times out (injected delay)', async () => {
    const fake = new FakeScanner();
    fake.queueResult(err({ code: 'cover-open', detail: 'cover open' }));
    const a = createActor(createScanMachine(fake, { faultTimeoutMs: 30 })).start();
    a.send({ type: 'SCAN', options: opts });
    await waitFor(a, (s) => s.matches('cancelled'), { timeout: 1000 });
  });

  it('a non-fixable error goes to failed, not to the fault screen', async () => {
    const fake = new FakeScanner();
    fake.queueResult(err({ code: 'io-error', detail: 'SANE: io-error' }));
    const a = createActor(createScanMachine(fake)).start();
    a.send({ type: 'SCAN', options: opts });
    await waitFor(a, (s) => s.matches('failed'));
  });
});

describe('OcrEngine', () => {
  it('returns a typed error instead of crashing when the language data is missing', async () => {
    const r = await OcrEngine.create('xyz', { langPath: '/nonexistent' });
    expect(r.ok ? 'ok' : r.error.code).toBe('language-data-missing');
  });
});
