import * as z from 'zod';
import { LANGUAGES } from '../../common/languages';

// Inputs from the renderer are untrusted: every one is validated here, with bounds.
export const languageSchema = z.enum(LANGUAGES);
export const procedureCodeSchema = z.string().regex(/^[1-3]\.\d{6}$/);
export const searchInputSchema = z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).optional() });
export const fieldInputSchema = z.object({ field: z.string().regex(/^[a-z0-9-]{1,40}$/) });
export const codeInputSchema = z.object({ code: procedureCodeSchema });

export type Language = z.infer<typeof languageSchema>;
export const speechInputSchema = z.object({ text: z.string().min(1).max(2000), lang: languageSchema });
