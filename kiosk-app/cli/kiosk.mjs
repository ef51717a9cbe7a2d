#!/usr/bin/env node
// The `kiosk` command. Runs the production bundle (dist/cli, made by `npm run build`):
// no TypeScript is compiled at run time.
import { existsSync } from 'node:fs';

const bundle = new URL('../../dist/cli/kiosk-cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'kiosk: chưa có bản dựng (dist/cli). Hãy chạy: npm run build\n' +
      'kiosk: the build is missing (dist/cli). Run: npm run build\n',
  );
  process.exit(1);
}
await import(bundle.href);
