import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../common/clock';
import { parseConfig } from '../core/config/config-loader';
import { logDirOf, openKioskLog, type KioskLog } from '../core/logging/kiosk-log';
import { startKiosk, type RunningKiosk } from '../core/start-kiosk';
import { appRouter } from './router';
import { createCallerFactory, inProcessContext } from './trpc';

// The promise of item 7: whatever a citizen enters or a device reads, no ID number, name,
// phone or card number reaches the log. A whole session runs through the api against the
// demo's simulators and sandbox city (card paid on the terminal simulator, dossier synced),
// with bad input and a renderer crash report that carry personal data; then every log
// file is searched for each of them.

const PERSON = { idNumber: '001085012345', fullName: 'Phạm Thị Hồng Nhung', dateOfBirth: '1985-03-14', sex: 'female' as const, address: 'Số 18 ngõ 42 phố Thái Hà, Đống Đa' };
const PHONE = '0987612345';
const CARD = '4111111111111111'; // the terminal simulator's card
const answers = { documentName: 'Hợp đồng mua bán xe của Phạm Thị Hồng Nhung', phone: PHONE };
const SECRETS = [PERSON.idNumber, PERSON.fullName, 'Hồng Nhung', PERSON.address, 'Thái Hà', PHONE, '098 761 2345', CARD, '4111 1111 1111 1111'];

let dataDir: string;
let log: KioskLog;
let kiosk: RunningKiosk;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-pii-log-'));
  const config = parseConfig({ storage: { dataDir }, logging: { level: 'debug' }, devices: { a4Printer: { kind: 'file', outDir: join(dataDir, 'a4') } } }, process.cwd(), { demo: true });
  if (!config.ok) throw new Error(config.error.message);
  log = await openKioskLog({ dataDir, ...config.value.logging, stderr: false });
  const started = await startKiosk({ config: config.value, clock: systemClock, logger: log.logger });
  if (!started.ok) throw new Error(`${started.error.component}: ${started.error.message}`);
  kiosk = started.value;
}, 60_000);

afterAll(async () => {
  await kiosk?.close();
  await log?.close();
});

function allLogText(): string {
  const dir = logDirOf(dataDir);
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

describe('the log of a whole citizen session', () => {
  it('holds what happened and none of the personal data entered, read or paid with', async () => {
    const api = createCallerFactory(appRouter)(inProcessContext(kiosk.core));
    const notice = await api.journey.notice();
    const started = await api.journey.startSession({ lang: 'vi' });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const { sessionId } = started.value;
    await api.journey.consent({ sessionId, noticeVersion: notice.version });

    // Bad input first, carrying personal data: refused, and not logged.
    await expect(api.journey.identityTyped({ sessionId, ...PERSON, idNumber: `${PERSON.idNumber}9` })).rejects.toThrow();
    await api.journey.validate({ procedureCode: '2.000884', answers: { ...answers, phone: `${PHONE}x` } });

    expect(await api.journey.identityTyped({ sessionId, ...PERSON })).toMatchObject({ ok: true });
    expect(await api.journey.scanPaper({ sessionId, paperId: 'giay-can-ky' })).toMatchObject({ ok: true });
    const paid = await api.journey.payByCard({ sessionId, procedureCode: '2.000884', answers });
    expect(paid).toMatchObject({ ok: true });
    const submitted = await api.journey.submit({ sessionId, procedureCode: '2.000884', answers });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    expect(await api.journey.printReceipt({ sessionId, dossierId: submitted.value.dossierId })).toMatchObject({ ok: true });
    // A crash report from the window whose message quotes the citizen.
    await api.system.reportRenderError({ message: `Cannot render ${PERSON.idNumber} / ${PHONE} / ${CARD}`, where: 'ReviewStep' });
    await api.journey.endSession({ sessionId });

    // The dossier and its payment reach the city: the sync's lines are in the log too.
    const outbox = kiosk.core.city!.outbox;
    for (const deadline = Date.now() + 30_000; outbox.stats().pending > 0; ) {
      if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(outbox.stats())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    log.flush();

    const text = allLogText();
    expect(text.split('\n').filter(Boolean).length).toBeGreaterThan(10);
    expect(text).toContain(submitted.value.dossierId);
    expect(text).toContain('"event":"renderer-error"');
    expect(text).toContain('Cannot render [id-number] / [phone] / [card]');
    for (const secret of SECRETS) expect(text, `the log contains "${secret}"`).not.toContain(secret);
  }, 60_000);
});
