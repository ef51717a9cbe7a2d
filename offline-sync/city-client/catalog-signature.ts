// The signed catalogue (shared/city-gateway-api.md, GET /v1/catalog, "signed"): an Ed25519
// signature, base64, by the city's catalogue key over the UTF-8 bytes of the RFC 8785 canonical
// JSON of {version, procedures, removed} (common/canonical-json.ts). The device holds the
// public key in its configuration and takes no catalogue that is unsigned or altered; the
// sandbox signs with signCatalog.
//
// The signature is checked over the answer's own values, before any schema touches them (a
// schema may drop or reshape what it does not know), and the shape is checked afterwards.
import crypto, { type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from '../../common/canonical-json';
import { err, ok, type Result } from '../../common/result';
import { issuesOf } from './city-schemas';

/** What the signature covers. A procedure is kept as sent: the kiosk's catalogue schema checks each entry. */
export interface CatalogBody {
  readonly version: string;
  readonly procedures: readonly CatalogProcedure[];
  /** Codes of procedures withdrawn since the asked version. */
  readonly removed: readonly string[];
}
export type CatalogProcedure = { readonly code: string } & Readonly<Record<string, unknown>>;

/** A catalogue whose signature the city's key verified. */
export type VerifiedCatalog = CatalogBody;

export interface CatalogSignatureError {
  /** unsigned: no signature; bad-signature: it does not verify (altered, another key, not 64 bytes of base64, an unusable public key); malformed: not a catalogue. */
  readonly code: 'unsigned' | 'bad-signature' | 'malformed';
  readonly message: string;
}

const procedureCode = z.string().min(1).max(64);
const catalogBodySchema = z.object({
  version: z.string().min(1).max(64),
  procedures: z.array(z.object({ code: procedureCode }).loose()).max(20_000),
  removed: z.array(procedureCode).max(20_000),
});

// 64 bytes of standard base64, padded.
const SIGNATURE_B64 = /^[A-Za-z0-9+/]{85}[AQgw]==$/;

/** The bytes signed: UTF-8 of the canonical JSON of exactly {version, procedures, removed}. */
export function catalogSigningBytes(body: { version: unknown; procedures: unknown; removed: unknown }): Buffer {
  return Buffer.from(canonicalJson({ version: body.version, procedures: body.procedures, removed: body.removed }), 'utf8');
}

/** The base64 Ed25519 signature of a catalogue body (the sandbox's side). Throws for a key that is not Ed25519. */
export function signCatalog(body: CatalogBody, privateKey: KeyObject | string): string {
  const key = typeof privateKey === 'string' ? crypto.createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the catalogue key must be an Ed25519 private key');
  return crypto.sign(null, catalogSigningBytes(body), key).toString('base64');
}

const fail = (code: CatalogSignatureError['code'], message: string): Result<never, CatalogSignatureError> => err({ code, message });

/** A GET /v1/catalog answer, verified with the city's public key (PEM); its body once the signature holds. */
export function verifyCatalog(answer: unknown, publicKeyPem: string): Result<VerifiedCatalog, CatalogSignatureError> {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return fail('malformed', 'catalogue: not an object');
  const a = answer as Record<string, unknown>;
  if (a.signature === undefined || a.signature === null || a.signature === '') return fail('unsigned', 'catalogue: no signature');
  if (typeof a.signature !== 'string' || !SIGNATURE_B64.test(a.signature)) return fail('bad-signature', 'catalogue: signature is not 64 bytes of base64');

  let key: KeyObject;
  try {
    key = crypto.createPublicKey(publicKeyPem);
  } catch {
    return fail('bad-signature', 'catalogue: the configured public key cannot be read');
  }
  if (key.asymmetricKeyType !== 'ed25519') return fail('bad-signature', 'catalogue: the configured public key is not Ed25519');

  let signed: Buffer;
  try {
    signed = catalogSigningBytes({ version: a.version, procedures: a.procedures, removed: a.removed });
  } catch (e) {
    return fail('malformed', `catalogue: ${(e as Error).message}`);
  }
  if (!crypto.verify(null, signed, key, Buffer.from(a.signature, 'base64'))) return fail('bad-signature', 'catalogue: signature does not verify');

  const body = catalogBodySchema.safeParse(a);
  if (!body.success) return fail('malformed', `catalogue: ${issuesOf(body.error)}`);
  return ok({ version: body.data.version, procedures: body.data.procedures as CatalogProcedure[], removed: body.data.removed });
}
