import * as z from 'zod';
import { turnSchema } from '../core/assistant/reply-schema';
import { languageSchema } from './schemas';
import { router, serviceProcedure } from './trpc';

// The virtual assistant over the api. The reply is plain data (reply-schema.ts); asking
// never fails to the UI: offline retrieval always answers, clarifies or declines.

export type { Action, AssistantReply, Choice, ComposedAnswer, Section, Turn } from '../core/assistant/reply-schema';

export const assistantAskInputSchema = z.object({
  question: z.string().trim().min(1).max(500),
  lang: languageSchema,
  // A few prior turns are enough for a follow-up ("and the fee?"); more is only payload.
  conversation: z.array(turnSchema).max(10).optional(),
});

export const assistantRouter = router({
  ask: serviceProcedure('assistant').input(assistantAskInputSchema).mutation(({ ctx, input }) =>
    ctx.assistant.ask(input.question, { lang: input.lang, ...(input.conversation ? { conversation: input.conversation } : {}) }),
  ),
});
