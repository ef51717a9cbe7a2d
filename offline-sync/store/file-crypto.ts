// Attachments are encrypted at rest with AES-256-GCM under a key derived from the store key,
// so a stolen disk shows neither the database nor the scans.
import crypto from 'node:crypto';

const MAGIC = Buffer.from('KOA1');
const IV_LEN = 12;
const TAG_LEN = 16;

export function deriveAttachmentKey(storeKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', storeKey, Buffer.alloc(0), 'hanoi-kiosk attachments v1', 32));
}

/** Layout: "KOA1" | iv(12) | ciphertext | tag(16). The sha256 name is bound in as AAD. */
export function encryptAttachment(key: Buffer, plain: Uint8Array, sha256: string): Buffer {
  const iv = crypto.randomBytes(IV_LEN);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(sha256));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([MAGIC, iv, body, c.getAuthTag()]);
}

export function decryptAttachment(key: Buffer, blob: Buffer, sha256: string): Buffer {
  if (blob.length < MAGIC.length + IV_LEN + TAG_LEN || !blob.subarray(0, 4).equals(MAGIC)) {
    throw new Error('not an encrypted attachment');
  }
  const iv = blob.subarray(4, 4 + IV_LEN);
  const tag = blob.subarray(blob.length - TAG_LEN);
  const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(Buffer.from(sha256));
  d.setAuthTag(tag);
  return Buffer.concat([d.update(blob.subarray(4 + IV_LEN, blob.length - TAG_LEN)), d.final()]);
}

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
