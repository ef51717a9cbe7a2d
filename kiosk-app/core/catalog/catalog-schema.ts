import * as z from 'zod';

// The shape of assets/catalog/procedures.json. Every text a citizen reads exists in
// Vietnamese and English; the assistant's knowledge adds the other languages.
export const localizedTextSchema = z.object({ vi: z.string().min(1), en: z.string().min(1) });

const nationalCode = z.string().regex(/^[1-3]\.\d{6}$/, 'must be a national procedure code like 1.001193');

export const feeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free'), note: localizedTextSchema.optional() }),
  z.object({
    kind: z.literal('fixed'),
    amount: z.number().int().positive(),
    /** Charged when filed online; a kiosk submission is reported as online (channel 2). */
    onlineAmount: z.number().int().positive().optional(),
    note: localizedTextSchema.optional(),
  }),
  z.object({
    kind: z.literal('perPage'),
    firstPages: z.number().int().positive(),
    firstPageAmount: z.number().int().positive(),
    laterPageAmount: z.number().int().positive(),
    maxPerCopy: z.number().int().positive(),
    note: localizedTextSchema,
  }),
  /** Set by the city People's Council: not collected at the kiosk. */
  z.object({ kind: z.literal('local'), note: localizedTextSchema }),
  /** We could not verify the amount: say so rather than guess. */
  z.object({ kind: z.literal('unverified'), note: localizedTextSchema }),
]);

export const processingTimeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('immediate'), text: localizedTextSchema }),
  z.object({ kind: z.literal('sameDay'), text: localizedTextSchema, maxDays: z.number().int().positive().optional() }),
  z.object({
    kind: z.literal('workingDays'),
    days: z.number().int().positive(),
    maxDays: z.number().int().positive().optional(),
    text: localizedTextSchema,
  }),
]);

export const paperSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: localizedTextSchema,
  required: z.boolean(),
  /** Whether the kiosk scans it (some papers are filled in by the kiosk or only shown). */
  scan: z.boolean(),
  form: z.enum(['original', 'copy', 'either']),
});

const optionSchema = z.object({ value: z.string().min(1), label: localizedTextSchema });

export const formFieldSchema = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  label: localizedTextSchema,
  type: z.enum(['text', 'date', 'select', 'phone', 'email', 'number', 'idNumber']),
  required: z.boolean(),
  options: z.array(optionSchema).min(2).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().optional(),
});

export const procedureSchema = z
  .object({
    code: nationalCode,
    name: localizedTextSchema,
    summary: localizedTextSchema.optional(),
    field: z.string().min(1),
    agency: localizedTextSchema,
    processingTime: processingTimeSchema,
    fee: feeRuleSchema,
    papers: z.array(paperSchema),
    onlineLevel: z.enum(['full', 'partial', 'none']),
    kioskSubmission: z.boolean(),
    formFields: z.array(formFieldSchema),
    sourceUrl: z.string().url(),
    basis: z.enum(['law', 'scrape', 'code-note']),
    verifiedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    notes: localizedTextSchema.optional(),
  })
  .superRefine((p, ctx) => {
    for (const f of p.formFields) {
      if (f.type === 'select' && !f.options) {
        ctx.addIssue({ code: 'custom', path: ['formFields', f.id, 'options'], message: 'a select field needs options' });
      }
    }
    if (p.kioskSubmission && p.formFields.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['formFields'], message: 'a procedure submitted at the kiosk needs form fields' });
    }
  });

export const fieldSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/),
  name: localizedTextSchema,
  queuePrefix: z.string().regex(/^[A-Z]$/),
});

export const catalogSchema = z
  .object({
    version: z.string().min(1),
    updatedAt: z.string(),
    source: localizedTextSchema,
    fields: z.array(fieldSchema).min(1),
    procedures: z.array(z.unknown()),
  });

export type LocalizedText = z.infer<typeof localizedTextSchema>;
export type FeeRule = z.infer<typeof feeRuleSchema>;
export type Paper = z.infer<typeof paperSchema>;
export type FormField = z.infer<typeof formFieldSchema>;
export type Procedure = z.infer<typeof procedureSchema>;
export type ProcedureField = z.infer<typeof fieldSchema>;
export interface Catalog {
  readonly version: string;
  readonly updatedAt: string;
  readonly source: LocalizedText;
  readonly fields: readonly ProcedureField[];
  readonly procedures: readonly Procedure[];
}
