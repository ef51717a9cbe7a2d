import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench`: every bench/*.bench.ts in turn, each in its own process so one
// benchmark's warm caches do not flatter the next. Figures are printed, never asserted.
const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const files = readdirSync(dir)
  // The soak runs for many minutes: only when asked (`npm run bench -- soak`).
  .filter((f) => f.endsWith('.bench.ts') && (only ? f.includes(only) : !f.startsWith('soak')))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n# ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${file} failed with ${r.status})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
