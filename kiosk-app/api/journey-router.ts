import QRCode from 'qrcode';
import * as z from 'zod';
import { CONSENT_NOTICE_VERSION } from './journey-contract';
import { languageSchema, procedureCodeSchema } from './schemas';
import { router, serviceProcedure } from './trpc';

// The citizen journey over the api. Expected failures come back as Result values
// ({ok:false, error:{code}}) so the renderer can say what happened and what to do.

const sessionId = z.uuid();
const answers = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/), z.string().max(200)).refine((a) => Object.keys(a).length <= 40);
const paperId = z.string().regex(/^[a-z0-9-]{1,60}$/);
const withAnswers = z.object({ sessionId, procedureCode: procedureCodeSchema, answers });

const procedure = serviceProcedure('journey');

export const journeyRouter = router({
  startSession: procedure.input(z.object({ lang: languageSchema })).mutation(({ ctx, input }) => ctx.journey.startSession(input.lang)),
  endSession: procedure.input(z.object({ sessionId })).mutation(({ ctx, input }) => {
    ctx.journey.endSession(input.sessionId);
    return { ok: true as const };
  }),
  /** What the consent notice must say: its version, and how long the kiosk keeps a submitted dossier. */
  notice: procedure.query(({ ctx }) => ({ version: CONSENT_NOTICE_VERSION, retentionDays: ctx.core.config.storage.retentionDays })),
  /** Assisted mode: a staff member opens the journey for the citizen beside them (from a booking: that citizen's card is expected). */
  startAssisted: procedure
    .input(z.object({ lang: languageSchema, appointmentId: z.uuid().optional(), expected: z.object({ maskedId: z.string().regex(/^\d{3}\*{6}\d{3}$/), fullName: z.string().min(1).max(100) }).optional() }))
    .mutation(({ ctx, input }) => ctx.journey.startAssisted(input.lang, { ...(input.appointmentId ? { appointmentId: input.appointmentId } : {}), ...(input.expected ? { expected: input.expected } : {}) })),
  /** The citizen presents their own card after the notice was shown to them: consent and identity, read once. */
  consentByCard: procedure
    .input(z.object({ sessionId, noticeVersion: z.string().max(40), timeoutMs: z.number().int().min(1000).max(120_000).default(45_000) }))
    .mutation(({ ctx, input }) => ctx.journey.consentByCard(input.sessionId, input.noticeVersion, input.timeoutMs)),
  /** The citizen will not lay their card now (the clerk stops waiting). */
  cancelConsentRead: procedure.input(z.object({ sessionId })).mutation(({ ctx, input }) => {
    ctx.journey.cancelConsentRead(input.sessionId);
    return { ok: true as const };
  }),
  /** Assisted mode: the clerk took the fee in cash. */
  recordCash: procedure.input(withAnswers).mutation(({ ctx, input }) => ctx.journey.recordCash(input.sessionId, input.procedureCode, input.answers)),
  consent: procedure.input(z.object({ sessionId, noticeVersion: z.string().max(40) })).mutation(({ ctx, input }) => ctx.journey.giveConsent(input.sessionId, input.noticeVersion)),
  identityTyped: procedure
    .input(
      z.object({
        sessionId,
        idNumber: z.string().regex(/^\d{12}$/),
        fullName: z.string().trim().min(2).max(100),
        dateOfBirth: z.iso.date(),
        sex: z.enum(['male', 'female']),
        /** Optional when typed: the card carries it, a citizen typing may not know the new form. */
        address: z.string().trim().min(3).max(300).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { sessionId: id, address, ...identity } = input;
      return ctx.journey.typedIdentity(id, { ...identity, fullName: identity.fullName.normalize('NFC'), address: address ? address.normalize('NFC') : null });
    }),
  readCard: procedure.input(z.object({ sessionId, timeoutMs: z.number().int().min(1000).max(120_000).default(45_000) })).mutation(({ ctx, input }) => ctx.journey.readCard(input.sessionId, input.timeoutMs)),
  cancelCardRead: procedure.input(z.object({ sessionId })).mutation(({ ctx, input }) => {
    ctx.journey.cancelCardRead(input.sessionId);
    return { ok: true as const };
  }),
  prefill: procedure.input(z.object({ sessionId, procedureCode: procedureCodeSchema })).query(({ ctx, input }) => ctx.journey.prefill(input.sessionId, input.procedureCode)),
  readMrz: procedure.input(z.object({ sessionId })).mutation(({ ctx, input }) => ctx.journey.readMrz(input.sessionId)),
  validate: procedure.input(z.object({ procedureCode: procedureCodeSchema, answers })).query(({ ctx, input }) => ctx.journey.validate(input.procedureCode, input.answers)),
  scanPaper: procedure
    .input(z.object({ sessionId, paperId }))
    .mutation(({ ctx, input }) => ctx.journey.scanPaper(input.sessionId, input.paperId)),
  removePage: procedure.input(z.object({ sessionId, paperId, index: z.number().int().min(0).max(200) })).mutation(({ ctx, input }) => ctx.journey.removePage(input.sessionId, input.paperId, input.index)),
  quote: procedure.input(withAnswers).query(({ ctx, input }) => ctx.journey.quoteFee(input.sessionId, input.procedureCode, input.answers)),
  payByCard: procedure.input(withAnswers).mutation(async ({ ctx, input }) => {
    const r = await ctx.journey.payByCard(input.sessionId, input.procedureCode, input.answers);
    if (!r.ok) return r;
    return r.value.ok ? { ok: true as const, value: { paymentId: r.value.value.paymentId, amount: r.value.value.amount, maskedPan: r.value.value.maskedPan ?? null } } : { ok: false as const, error: r.value.error };
  }),
  startVietQr: procedure.input(withAnswers).mutation(async ({ ctx, input }) => {
    const r = ctx.journey.startVietQr(input.sessionId, input.procedureCode, input.answers);
    if (!r.ok) return r;
    if (!r.value.ok) return { ok: false as const, error: r.value.error };
    const v = r.value.value;
    const qrDataUrl = await QRCode.toDataURL(v.payload, { errorCorrectionLevel: 'M', margin: 2, width: 480 });
    return { ok: true as const, value: { paymentId: v.paymentId, payload: v.payload, qrDataUrl, amount: v.amount, accountName: v.accountName, reference: v.reference, expiresAt: v.expiresAt.toISOString() } };
  }),
  /** Waits until the QR's deadline (extendVietQr moves it); `timeoutMs` only for tools and tests. */
  awaitVietQr: procedure.input(z.object({ sessionId, paymentId: z.uuid(), timeoutMs: z.number().int().min(1000).max(600_000).optional() })).mutation(async ({ ctx, input }) => {
    const r = await ctx.journey.awaitVietQr(input.sessionId, input.paymentId, input.timeoutMs);
    if (!r.ok) return r;
    return r.value.ok ? { ok: true as const, value: { paymentId: r.value.value.paymentId, amount: r.value.value.amount } } : { ok: false as const, error: r.value.error };
  }),
  extendVietQr: procedure.input(z.object({ sessionId, paymentId: z.uuid() })).mutation(({ ctx, input }) => {
    const r = ctx.journey.extendVietQr(input.sessionId, input.paymentId);
    if (!r.ok) return r;
    return r.value.ok ? { ok: true as const, value: { expiresAt: r.value.value.expiresAt.toISOString() } } : { ok: false as const, error: r.value.error };
  }),
  cancelVietQr: procedure.input(z.object({ sessionId, paymentId: z.uuid() })).mutation(({ ctx, input }) => ctx.journey.cancelVietQr(input.sessionId, input.paymentId)),
  paymentStatus: procedure.input(z.object({ sessionId, paymentId: z.uuid() })).query(({ ctx, input }) => ctx.journey.paymentStatus(input.sessionId, input.paymentId)),
  /** The slip with the transfer's reference and amount, and whom to call, when the kiosk stopped waiting. */
  printPaymentNotice: procedure
    .input(z.object({ sessionId, paymentId: z.uuid(), lang: languageSchema.optional() }))
    .mutation(({ ctx, input }) => ctx.journey.printPaymentNotice(input.sessionId, input.paymentId, input.lang)),
  /** The screen saw the citizen (a touch, or a wait on screen): the core's session stays too. */
  stillHere: procedure.input(z.object({ sessionId })).mutation(({ ctx, input }) => ctx.journey.stillHere(input.sessionId)),
  submit: procedure.input(withAnswers).mutation(({ ctx, input }) => ctx.journey.submit(input.sessionId, input.procedureCode, input.answers)),
  printReceipt: procedure
    .input(z.object({ sessionId, dossierId: z.uuid(), lang: languageSchema.optional() }))
    .mutation(({ ctx, input }) => ctx.journey.printReceipt(input.sessionId, input.dossierId, input.lang)),
  printReceiptA4: procedure
    .input(z.object({ sessionId, dossierId: z.uuid(), answers, lang: languageSchema.optional() }))
    .mutation(({ ctx, input }) => ctx.journey.printReceiptA4(input.sessionId, input.dossierId, input.answers, input.lang)),
  /** The receipt code and its QR, for a citizen to photograph when no printer can print. */
  receiptOnScreen: procedure.input(z.object({ sessionId, dossierId: z.uuid() })).query(async ({ ctx, input }) => {
    const r = ctx.journey.receiptCodeOf(input.sessionId, input.dossierId);
    if (!r.ok) return r;
    return { ok: true as const, value: { ...r.value, qrDataUrl: await QRCode.toDataURL(r.value.receiptCode, { errorCorrectionLevel: 'M', margin: 2, width: 420 }) } };
  }),
  receiptQr: procedure.input(z.object({ code: z.string().regex(/^[A-Za-z0-9.-]{4,40}$/) })).query(async ({ input }) => ({ qrDataUrl: await QRCode.toDataURL(input.code, { margin: 2, width: 360 }) })),
  rate: procedure
    .input(z.object({ score: z.number().int().min(1).max(5), reasons: z.array(z.enum(['fast', 'easy', 'slow', 'hard', 'device-problem', 'unclear'])).max(6).default([]), procedureCode: procedureCodeSchema.optional() }))
    .mutation(({ ctx, input }) => ctx.journey.rate(input.score, input.reasons, input.procedureCode)),
});
