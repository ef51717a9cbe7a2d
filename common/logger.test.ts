import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger } from './logger';

describe('logger', () => {
  it('writes one JSON line with level, ISO time, component and event', () => {
    const log = createMemoryLogger();
    log.child('sync').warn('round-failed', { status: 503 });
    const line = JSON.parse(log.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', component: 'test.sync', event: 'round-failed', status: 503 });
    expect(Date.parse(String(line['time']))).not.toBeNaN();
  });

  it('never writes personal data, whatever the caller passes', () => {
    const log = createMemoryLogger();
    log.error('oops', { fullName: 'Nguyễn Văn An', message: 'ID 001085012345, phone 0912345678, card 4111111111111111', address: 'Số 1 Láng Hạ' });
    const text = log.lines.join('\n');
    for (const secret of ['Nguyễn Văn An', '001085012345', '0912345678', '4111111111111111', 'Láng Hạ']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ fullName: '[redacted]', address: '[redacted]', message: 'ID [id-number], phone [phone], card [card]' });
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const log = createLogger('k', (l) => lines.push(l), 'warn');
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['c', 'd']);
  });
});
