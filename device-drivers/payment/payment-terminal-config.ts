import * as z from 'zod';

// Protocol timers. Defaults follow pyTeliumManager (120 s for the cardholder to finish) and
// the usual Concert ACK wait of a few seconds; tests inject milliseconds.
export const concertTimeoutsSchema = z.strictObject({
  /** Wait for ACK after our ENQ, and after our request frame. */
  ackMs: z.number().int().positive().default(3_000),
  /** Wait for the terminal's ENQ that announces the reply: the cardholder's whole transaction. */
  replyMs: z.number().int().positive().default(120_000),
  /** Between two bytes of one frame. */
  interByteMs: z.number().int().positive().default(1_000),
  /** Wait for the terminal's EOT after we ACK its reply. */
  eotMs: z.number().int().positive().default(3_000),
  /** ENQ attempts before the terminal counts as not responding. */
  enqRetries: z.number().int().min(1).max(10).default(3),
  /** Resends of a frame the other side NAKed. */
  nakRetries: z.number().int().min(1).max(10).default(3),
});

export const paymentTerminalConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('concert-serial'),
    /** From config, never from SerialPort.list(): PTYs and some adapters are not listed. */
    path: z.string().min(1),
    baud: z.number().int().positive().default(9600),
    posNumber: z.number().int().min(0).max(99).default(1),
    timeouts: concertTimeoutsSchema.prefault({}),
  }),
  z.strictObject({
    kind: z.literal('simulator'),
    /** Demo / training: a Concert simulator on the device end of a socat PTY pair. */
    baud: z.number().int().positive().default(9600),
    posNumber: z.number().int().min(0).max(99).default(1),
    /** How long the simulated cardholder takes. */
    processingMs: z.number().int().min(0).default(1_500),
    timeouts: concertTimeoutsSchema.prefault({}),
  }),
  z.strictObject({ kind: z.literal('none') }),
]);

export type PaymentTerminalConfig = z.infer<typeof paymentTerminalConfigSchema>;
export type ConcertTimeouts = z.infer<typeof concertTimeoutsSchema>;
