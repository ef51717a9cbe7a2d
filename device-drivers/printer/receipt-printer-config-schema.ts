import * as z from 'zod';
import { err, ok, type Result } from '../../common/result';

// The receipt printer's section of the kiosk config, checked strictly. Plain zod, so the config
// loader and the device registry read it without loading the printer's drivers.

/** Per-kiosk receipt printer settings (part of the kiosk config file). Strict: a misspelt key is an error, not a silent default. */
export const receiptPrinterConfigSchema = z.strictObject({
  /** Model name, shown in diagnostics and logs. */
  model: z.string().min(1).default('Generic ESC/POS 80 mm'),
  paperWidth: z.union([z.literal(58), z.literal(80)]).default(80),
  /** raster: text drawn with the embedded font (safe on every printer); wpc1258/tcvn3: the printer's own code page. */
  textMode: z.enum(['raster', 'wpc1258', 'tcvn3']).default('raster'),
  /** ESC t n for the text mode when the model numbers its tables differently (Xprinter TCVN-3 = 27, some WPC1258 = 94). */
  codeTable: z.number().int().min(0).max(255).optional(),
  /** native: GS ( k; raster: QR drawn as dots for printers without QR support. */
  qr: z.enum(['native', 'raster']).default('native'),
  /** Blank rows as ESC J feeds and right-trimmed bands (about half the bytes); false if gaps print wrong on a model. */
  compactRaster: z.boolean().default(true),
  transport: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().positive().default(115200) }),
    z.strictObject({
      kind: z.literal('usb-lp'),
      path: z.string().min(1),
      /** Read DLE EOT replies from the device; false for a FIFO or capture file. Defaults to true for /dev/usb/lp*. */
      bidirectional: z.boolean().optional(),
    }),
    z.strictObject({ kind: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9100) }),
    /** The built-in simulator (demo and training mode); `outDir` receives a PNG of each receipt. */
    z.strictObject({ kind: z.literal('simulator'), outDir: z.string().optional() }),
  ]),
  statusTimeoutMs: z.number().int().positive().max(10_000).optional(),
  writeTimeoutMs: z.number().int().positive().max(120_000).optional(),
  probeEveryBytes: z.number().int().positive().optional(),
});

/** What a config file may say (defaults may be left out). */
export type ReceiptPrinterConfig = z.input<typeof receiptPrinterConfigSchema>;
export type ParsedReceiptPrinterConfig = z.output<typeof receiptPrinterConfigSchema>;

export interface ConfigError {
  code: 'bad-config';
  detail: string;
}

const TRANSPORT_KEYS = ['path', 'baudRate', 'bidirectional', 'host', 'port', 'outDir'] as const;

/**
 * The kiosk config file may also use the flat form every device section uses,
 * `{ kind: 'serial' | 'usb-lp' | 'tcp' | 'simulator', path?, host?, port?, …, paperWidth?, … }`;
 * it is lifted into `{ transport: { kind, … }, … }` here.
 */
export function normalizeReceiptPrinterConfig(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || 'transport' in input || !('kind' in input)) return input;
  const flat = input as Record<string, unknown>;
  const transport: Record<string, unknown> = { kind: flat.kind };
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    if (k === 'kind') continue;
    if ((TRANSPORT_KEYS as readonly string[]).includes(k)) transport[k] = v;
    else rest[k] = v;
  }
  return { ...rest, transport };
}

export function parseReceiptPrinterConfig(input: unknown): Result<ParsedReceiptPrinterConfig, ConfigError> {
  const r = receiptPrinterConfigSchema.safeParse(normalizeReceiptPrinterConfig(input));
  if (!r.success) return err({ code: 'bad-config', detail: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
  return ok(r.data);
}

