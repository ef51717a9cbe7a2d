import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Issue 12's figure: the same birth registration (1.001193) typed by a clerk on a hardware
// keyboard at a community point's desk, next to the citizen's own touch journey at a kiosk.
// Both are counted by the end-to-end suite in Chromium (a browser is the only place a
// keystroke or a tap is real): tests/e2e/community-point.e2e.ts and tests/e2e/journey.e2e.ts.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const show = (file: string, what: string) => {
  const path = join(ROOT, 'artifacts', 'e2e', file);
  console.log(existsSync(path) ? readFileSync(path, 'utf8').trimEnd() : `(no end-to-end run of ${what} on this checkout yet: run npm run test:e2e)`);
};
console.log('## Assisted (staff desk, hardware keyboard, Telex)');
show('assisted-keys.txt', 'the community point');
console.log('\n## Self-service (touch, on-screen keyboard)');
show('journey-taps.txt', 'the citizen journey');
