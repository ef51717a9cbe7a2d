import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from './pty-pair';

describe('openPtyPair', () => {
  let pair: PtyPair | undefined;
  afterEach(async () => pair?.close());

  it('carries binary bytes both ways between two real serial ports', async () => {
    pair = await openPtyPair();
    const a = new SerialPort({ path: pair.driverPath, baudRate: 9600 });
    const b = new SerialPort({ path: pair.devicePath, baudRate: 9600 });
    await Promise.all([a, b].map((p) => new Promise((r) => p.once('open', r))));
    const got = new Promise<Buffer>((resolve) => b.once('data', resolve));
    a.write(Buffer.from([0x00, 0x1b, 0xff, 0x10, 0x04]));
    expect([...(await got)]).toEqual([0x00, 0x1b, 0xff, 0x10, 0x04]);
    await Promise.all([a, b].map((p) => new Promise((r) => p.close(r))));
  });
});
