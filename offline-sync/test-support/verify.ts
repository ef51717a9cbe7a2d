// Checks, from the sandbox's own database and upload files, what really arrived.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Arrival {
  dossiers: number;
  payments: number;
  problems: string[];
}

/** Every expected dossier exactly once, attachments intact (re-hashed from disk), payment once. */
export function verifyArrivals(db: Database, uploadsDir: string, expected: { dossierId: string; paymentId?: string; shas: string[] }[]): Arrival {
  const problems: string[] = [];
  for (const e of expected) {
    const n = (db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE id = ?').get(e.dossierId) as { n: number }).n;
    if (n !== 1) problems.push(`dossier ${e.dossierId} stored ${n} times`);
    const atts = db.prepare('SELECT upload_id, sha256 FROM dossier_attachments WHERE dossier_id = ? AND supplement_id IS NULL').all(e.dossierId) as { upload_id: string; sha256: string }[];
    const want = [...e.shas].sort().join(',');
    if (atts.map((a) => a.sha256).sort().join(',') !== want) problems.push(`dossier ${e.dossierId} attachments differ`);
    for (const a of atts) {
      const file = path.join(uploadsDir, a.upload_id);
      const got = fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'missing';
      if (got !== a.sha256) problems.push(`upload ${a.upload_id} of ${e.dossierId} hashes to ${got}`);
    }
    if (e.paymentId) {
      const p = (db.prepare('SELECT COUNT(*) AS n FROM payments WHERE id = ? AND dossier_id = ?').get(e.paymentId, e.dossierId) as { n: number }).n;
      if (p !== 1) problems.push(`payment ${e.paymentId} stored ${p} times`);
      const others = (db.prepare('SELECT COUNT(*) AS n FROM payments WHERE dossier_id = ?').get(e.dossierId) as { n: number }).n;
      if (others !== 1) problems.push(`dossier ${e.dossierId} has ${others} payments`);
    }
  }
  const dossiers = (db.prepare('SELECT COUNT(*) AS n FROM dossiers').get() as { n: number }).n;
  const payments = (db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n;
  return { dossiers, payments, problems };
}
