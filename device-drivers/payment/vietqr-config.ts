import * as z from 'zod';

/** The bank account fees are paid into by VietQR transfer (the centre's collection account). */
export const vietQrConfigSchema = z.strictObject({
  enabled: z.boolean().default(false),
  bankBin: z.string().regex(/^\d{6}$/, 'the bank BIN is 6 digits, e.g. 970415'),
  accountNumber: z.string().regex(/^[0-9A-Za-z]{1,19}$/, '1–19 letters or digits'),
  /** Shown under the QR so the citizen can check who receives the money. */
  accountName: z.string().min(1).max(70),
  /** How long the kiosk waits for the bank notification before offering staff confirmation. */
  confirmTimeoutSeconds: z.number().int().min(10).max(1800).default(300),
});

export type VietQrConfig = z.infer<typeof vietQrConfigSchema>;
