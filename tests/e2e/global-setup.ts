// The end-to-end suite runs the kiosk as a user gets it: kiosk-app/cli/kiosk.mjs, which
// runs the bundle in dist/cli. When the suite is run directly (not through `npm test`),
// this rebuilds the bundles and the renderer whose sources are newer; apt and npm are
// left alone.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default function setup(): void {
  execFileSync(process.execPath, [join(ROOT, 'build/setup/ensure-setup.mjs'), '--no-install'], { cwd: ROOT, stdio: 'inherit' });
}
