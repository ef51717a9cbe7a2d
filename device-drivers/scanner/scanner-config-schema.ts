import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { DEFAULT_READABILITY } from './scanner-types';

// The scanner's section of the kiosk config, checked strictly. Plain zod, so the config loader
// and the device registry read it without loading SANE, OCR or the simulator.

const readability = z
  .object({
    lang: z.string().regex(/^[a-z_]+(\+[a-z_]+)*$/).default(DEFAULT_READABILITY.lang),
    minConfidence: z.number().min(0).max(100).default(DEFAULT_READABILITY.minConfidence),
    minCharacters: z.number().int().min(0).default(DEFAULT_READABILITY.minCharacters),
  })
  .default(DEFAULT_READABILITY);

export const scannerConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sane'),
    /** SANE device name as `scanimage -L` prints it, e.g. `fujitsu:fi-7160:1234`. */
    device: z.string().min(1),
    /** Optional SANE_CONFIG_DIR listing only this scanner's backend: `scanimage -L` then takes ms, not seconds. */
    saneConfigDir: z.string().optional(),
    sourceNames: z.object({ flatbed: z.string(), adf: z.string() }).default({ flatbed: 'Flatbed', adf: 'Automatic Document Feeder' }),
    modeNames: z.object({ gray: z.string(), color: z.string() }).default({ gray: 'Gray', color: 'Color' }),
    pageSizeMm: z.object({ width: z.number().positive(), height: z.number().positive() }).default({ width: 210, height: 297 }),
    extraArgs: z.array(z.string()).default([]),
    timeoutMs: z.number().int().positive().default(120_000),
    readability,
  }),
  /** Demo/training: real scanimage on SANE's test backend, bundled sample pages as content. */
  z.object({
    kind: z.literal('simulator'),
    saneConfigDir: z.string().default(join(tmpdir(), 'kiosk-sane-test-backend')),
    /** µs per buffer; makes scans as slow as hardware for the demo. */
    readDelayUs: z.number().int().min(1000).max(200_000).optional(),
    /** Demo: refill an empty feeder with the sample document instead of reporting no paper. */
    autoRefill: z.boolean().default(true),
    readability,
  }),
  z.object({ kind: z.literal('fake') }),
]);

export type ScannerConfig = z.output<typeof scannerConfigSchema>;
export type ScannerConfigInput = z.input<typeof scannerConfigSchema>;

