import * as z from 'zod';

// The ID-card reader's section of the kiosk config, checked strictly. Plain zod, so the config
// loader and the device registry read it without loading serial ports, HID or OCR.

const usbId = z.number().int().min(0).max(0xffff);

/**
 * ID-card reader configuration. `nfc` is reserved for the chip reader (a later issue): add
 * `{ kind: 'nfc', … }` here and a driver implementing IdReader with source 'nfc'.
 */
export const idReaderConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('serial'),
    /** From config, not SerialPort.list(): list() does not see PTYs and needs udevadm. */
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    reconnectMs: z.number().int().positive().default(2000),
    partialFrameMs: z.number().int().positive().default(500),
  }),
  z.object({
    kind: z.literal('hid'),
    vendorId: usbId,
    productId: usbId,
    mode: z.enum(['keyboard-wedge', 'hid-pos']).default('hid-pos'),
    reconnectMs: z.number().int().positive().default(3000),
  }),
  /** Demo/training: a simulated reader on a socat PTY pair, driven by the real serial driver. */
  z.object({ kind: z.literal('simulator'), baudRate: z.number().int().positive().default(9600) }),
  /** MRZ from a scan of the card's back (needs deps.scanCard and deps.ocr). */
  z.object({ kind: z.literal('mrz-scan') }),
  z.object({ kind: z.literal('fake') }),
]);

export type IdReaderConfig = z.output<typeof idReaderConfigSchema>;
export type IdReaderConfigInput = z.input<typeof idReaderConfigSchema>;

