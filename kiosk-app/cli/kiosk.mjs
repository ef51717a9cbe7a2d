#!/usr/bin/env node
// The `kiosk` command. Runs the TypeScript sources through tsx so a technician's
// checkout needs no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('./kiosk-cli.ts');
