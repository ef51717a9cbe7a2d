import { silentLogger, type Logger } from '../../common/logger';
import type { HidApi } from '../transports/hid';
import { parseCccdQr } from './cccd-qr';
import { createIdReader } from './id-reader-config';
import type { IdReaderConfigInput } from './id-reader-config-schema';
import type { CccdIdentity } from './id-reader-types';
import { parseMrz } from './mrz';
import type { DiagReport } from '../device-module';

export interface IdReaderDiagTarget {
  config?: IdReaderConfigInput;
  /** `--port /dev/ttyACM0`: a serial reader, overriding the config. */
  port?: string;
  baudRate?: number;
  /** `--hid 0c2e:0b61`: a USB HID reader, overriding the config. */
  hid?: { vendorId: number; productId: number; mode?: 'keyboard-wedge' | 'hid-pos' };
  /** For `test`: wait this long for the technician to scan a card (0 = just open and report). */
  listenMs?: number;
  logger?: Logger;
  hidApi?: HidApi;
}

/** Never throws. The card read during `test` is reported as "read OK", without its contents. */
export async function runIdReaderDiag(action: 'status' | 'test', target: IdReaderDiagTarget): Promise<DiagReport> {
  const config: IdReaderConfigInput | undefined = target.port
    ? { kind: 'serial', path: target.port, baudRate: target.baudRate ?? 9600 }
    : target.hid
      ? { kind: 'hid', vendorId: target.hid.vendorId, productId: target.hid.productId, mode: target.hid.mode ?? 'hid-pos' }
      : target.config;
  if (!config) return { device: 'idreader', ok: false, status: 'not-configured', lines: ['no ID reader configured and no --port given'] };
  const name = config.kind === 'serial' ? `idreader serial ${config.path}` : config.kind === 'hid' ? `idreader hid` : `idreader (${config.kind})`;
  const made = await createIdReader(config, { logger: target.logger ?? silentLogger, hid: target.hidApi });
  if (!made.ok) return { device: name, ok: false, status: made.error.code, lines: [made.error.detail] };
  const { reader } = made.value;
  try {
    const st = await reader.status();
    const lines = [`status: ${st.state}${'detail' in st ? ` (${st.detail})` : ''}`];
    if (action === 'status') return { device: name, ok: st.state === 'ready', status: st.state, lines };
    const t = await reader.test();
    if (!t.ok) return { device: name, ok: false, status: t.error.code, lines: [...lines, t.error.detail] };
    lines.push(...t.value);
    if (target.listenMs && target.listenMs > 0) {
      const errors: string[] = [];
      const off = reader.onReadError((e) => errors.push(e.detail));
      lines.push(`scan a CCCD within ${Math.round(target.listenMs / 1000)} s…`);
      const r = await reader.read(target.listenMs);
      off();
      if (errors.length) lines.push(`bad codes seen: ${errors.join(', ')}`);
      if (!r.ok) return { device: name, ok: false, status: r.error.code, lines: [...lines, `no card read: ${r.error.code}`] };
      lines.push(`card read OK (source ${r.value.source})`);
    }
    return { device: name, ok: true, status: st.state, lines };
  } catch (e) {
    return { device: name, ok: false, status: 'error', lines: [`unexpected: ${e instanceof Error ? e.message : String(e)}`] };
  } finally {
    await made.value.close();
  }
}

export type ParseCliResult =
  | { ok: true; kind: 'cccd-qr' | 'mrz'; identity: CccdIdentity & { documentNumber?: string } }
  | { ok: false; kind: 'cccd-qr' | 'mrz'; error: { code: string; message: string; field?: number; fields?: string[] } };

/** `kiosk parse cccd-qr|mrz TEXT`: a JSON-able result. MRZ lines may be separated by newlines or '|'/','. */
export function parseForCli(kind: 'cccd-qr' | 'mrz', text: string): ParseCliResult {
  if (kind === 'cccd-qr') {
    const r = parseCccdQr(text);
    return r.ok ? { ok: true, kind, identity: r.value } : { ok: false, kind, error: { ...r.error } };
  }
  const r = parseMrz(text.split(/\r?\n|\\n|[|,]/));
  if (!r.ok) return { ok: false, kind, error: { ...r.error } };
  const { lines: _lines, ...identity } = r.value;
  return { ok: true, kind, identity };
}
