import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import { listSaneDevices } from '../transports/sane';
import { createScanner } from './scanner-config';
import type { ScannerConfigInput } from './scanner-config-schema';
import type { DiagReport } from '../device-module';

export interface ScannerDiagTarget {
  /** The configured scanner; ignored when `device` is given. */
  config?: ScannerConfigInput;
  /** A SANE device name from the command line (`--device test`). */
  device?: string;
  saneConfigDir?: string;
  logger?: Logger;
}

/** Never throws: every failure is a report with ok:false. */
export async function runScannerDiag(action: 'status' | 'test', target: ScannerDiagTarget): Promise<DiagReport> {
  const config: ScannerConfigInput | undefined = target.device
    ? { kind: 'sane', device: target.device, saneConfigDir: target.saneConfigDir }
    : target.config;
  if (!config) return { device: 'scanner', ok: false, status: 'not-configured', lines: ['no scanner configured and no --device given'] };
  const name = config.kind === 'sane' ? `scanner ${config.device}` : `scanner (${config.kind})`;
  const made = createScanner(config, { logger: target.logger ?? silentLogger });
  if (!made.ok) return { device: name, ok: false, status: 'bad-config', lines: [made.error.detail] };
  const { scanner } = made.value;
  const lines: string[] = [];
  try {
    if (config.kind === 'sane') {
      const t0 = Date.now();
      const { devices, run } = await listSaneDevices(config.saneConfigDir ? { configDir: config.saneConfigDir } : {});
      lines.push(`scanimage -L: ${devices.length} device(s) in ${Date.now() - t0} ms${run.condition === 'not-installed' ? ' (scanimage not installed: apt-get install sane-utils)' : ''}`);
      for (const d of devices) lines.push(`  ${d.name} — ${d.vendor} ${d.model} (${d.type})`);
    }
    const st = await scanner.status();
    lines.push(`status: ${st.state}${'detail' in st ? ` (${st.detail})` : ''}`);
    if (action === 'status') return { device: name, ok: st.state === 'ready', status: st.state, lines };
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-diag-scan-'));
    try {
      const r = await scanner.test(dir);
      if (!r.ok) return { device: name, ok: false, status: r.error.code, lines: [...lines, `test failed: ${r.error.code} — ${r.error.detail}`] };
      return { device: name, ok: true, status: st.state, lines: [...lines, ...r.value] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (e) {
    return { device: name, ok: false, status: 'error', lines: [...lines, `unexpected: ${e instanceof Error ? e.message : String(e)}`] };
  } finally {
    await scanner.close();
  }
}
