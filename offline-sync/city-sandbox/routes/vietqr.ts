// GET /v1/vietqr-notifications?reference= (an extension of the contract): the transfers the
// bank reported for a reference. The sandbox's bank is the test control POST /sandbox/vietqr/pay.
import { authenticate, HttpError, type SandboxPlugin } from '../sandbox-context';

export const VIETQR_REFERENCE = /^[A-Za-z0-9-]{4,64}$/;

export const vietQrRoutes: SandboxPlugin = async (app, { ctx }) => {
  app.get('/v1/vietqr-notifications', async (req, reply) => {
    authenticate(ctx, req);
    const ref = (req.query as Record<string, string | undefined>).reference ?? '';
    if (!VIETQR_REFERENCE.test(ref)) throw new HttpError(400, 'malformed', 'Bad reference.');
    const r = ctx.store.db.prepare('SELECT reference, amount, paid_at, bank_ref FROM vietqr_payments WHERE reference = ?').get(ref) as
      { reference: string; amount: number; paid_at: string; bank_ref: string } | undefined;
    return reply.send({ notifications: r ? [{ reference: r.reference, amount: r.amount, paidAt: r.paid_at, bankRef: r.bank_ref }] : [] });
  });
};
