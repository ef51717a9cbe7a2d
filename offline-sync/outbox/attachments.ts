// Attachment files and rows. A scan is encrypted and fsynced under attachments/<sha256>.koa
// before any row points at it (the same scan twice is one file); the rows carry the tus upload
// URL (to resume) and the upload id (once finished). Files go only when no live row needs them.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ok, err, type Result } from '../../common/result';
import { classifyStorageError } from '../store/errors';
import { fsyncDir } from '../store/keys';
import { decryptAttachment, encryptAttachment, sha256Hex } from '../store/file-crypto';
import type { OutboxContext, Row } from './outbox-context';
import type { AttachmentInput, AttachmentRow, OutboxError } from './types';

/** A file written and fsynced, not yet referenced by a row. */
export interface WrittenFile {
  readonly sha256: string;
  readonly size: number;
}

function toAttachment(r: Row): AttachmentRow {
  return {
    id: r.id as string, dossierId: r.dossier_id as string, supplementId: (r.supplement_id as string | null) ?? null, ord: r.ord as number,
    sha256: r.sha256 as string, size: r.size as number, mediaType: r.media_type as string, pages: r.pages as number,
    documentType: r.document_type as string, uploadUrl: (r.upload_url as string | null) ?? null, uploadId: (r.upload_id as string | null) ?? null,
  };
}

export class AttachmentFiles {
  constructor(private readonly ctx: OutboxContext) {}

  #file(sha: string): string {
    return path.join(this.ctx.store.attachmentsDir, `${sha}.koa`);
  }

  /** Encrypts and fsyncs each file under attachments/<sha256>.koa before any row points at it. */
  write(files: readonly AttachmentInput[]): Result<WrittenFile[], OutboxError> {
    const out: WrittenFile[] = [];
    const written: string[] = [];
    try {
      for (const f of files) {
        const sha = sha256Hex(f.bytes);
        const final = this.#file(sha);
        if (!fs.existsSync(final)) {
          const tmp = `${final}.${crypto.randomBytes(4).toString('hex')}.tmp`;
          written.push(tmp);
          const fd = fs.openSync(tmp, 'wx', 0o600);
          try {
            fs.writeSync(fd, encryptAttachment(this.ctx.store.attachmentKey, f.bytes, sha));
            fs.fsyncSync(fd);
          } finally {
            fs.closeSync(fd);
          }
          fs.renameSync(tmp, final);
          written.pop();
        }
        out.push({ sha256: sha, size: f.bytes.byteLength });
      }
      if (files.length) fsyncDir(this.ctx.store.attachmentsDir);
      return ok(out);
    } catch (e) {
      for (const t of written) fs.rmSync(t, { force: true });
      const se = classifyStorageError(e);
      this.ctx.log.error('attachment-write-failed', { code: se.code });
      return err(se);
    }
  }

  /** The rows of one dossier's (or one supplement's) attachments, in order; inside the caller's transaction. */
  insertRows(
    dossierId: string,
    supplementId: string | null,
    rows: readonly { id: string; sha256: string; size: number }[],
    inputs: readonly AttachmentInput[],
  ): void {
    const ins = this.ctx.db.prepare(
      `INSERT INTO attachments (id, dossier_id, supplement_id, ord, sha256, size, media_type, pages, document_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    rows.forEach((a, i) => {
      const src = inputs[i]!;
      ins.run(a.id, dossierId, supplementId, i, a.sha256, a.size, src.mediaType, src.pages, src.documentType);
    });
  }

  /** A dossier's own attachments (supplementId null) or one supplement's. */
  listFor(dossierId: string, supplementId: string | null): AttachmentRow[] {
    const rows = supplementId
      ? this.ctx.db.prepare('SELECT * FROM attachments WHERE dossier_id = ? AND supplement_id = ? ORDER BY ord').all(dossierId, supplementId)
      : this.ctx.db.prepare('SELECT * FROM attachments WHERE dossier_id = ? AND supplement_id IS NULL ORDER BY ord').all(dossierId);
    return (rows as Row[]).map(toAttachment);
  }

  /** Decrypted bytes of an attachment (verified against its sha256 by GCM and by hash). */
  read(a: AttachmentRow): Buffer {
    const blob = fs.readFileSync(this.#file(a.sha256));
    const plain = decryptAttachment(this.ctx.store.attachmentKey, blob, a.sha256);
    if (sha256Hex(plain) !== a.sha256) throw new Error('attachment hash mismatch');
    return plain;
  }

  setUploadUrl(attachmentId: string, url: string | null): void {
    this.ctx.db.prepare('UPDATE attachments SET upload_url = ? WHERE id = ?').run(url, attachmentId);
  }

  setUploaded(attachmentId: string, uploadId: string | null): void {
    this.ctx.db.prepare('UPDATE attachments SET upload_id = ? WHERE id = ?').run(uploadId, attachmentId);
  }

  /** Marks a dossier's attachment rows purged (inside the caller's transaction); answers the files they used. */
  markPurged(dossierId: string, now: number): string[] {
    const shas = (this.ctx.db.prepare('SELECT sha256 FROM attachments WHERE dossier_id = ? AND purged_at IS NULL').all(dossierId) as Row[]).map((a) => a.sha256 as string);
    this.ctx.db.prepare('UPDATE attachments SET purged_at = ? WHERE dossier_id = ?').run(now, dossierId);
    return shas;
  }

  #referenced(sha: string): boolean {
    return this.ctx.db.prepare('SELECT 1 FROM attachments WHERE sha256 = ? AND purged_at IS NULL').get(sha) !== undefined;
  }

  /** Deletes the files no live row points at any more (a file still used by another row stays). */
  removeUnreferenced(shas: Iterable<string>): void {
    for (const sha of shas) if (!this.#referenced(sha)) fs.rmSync(this.#file(sha), { force: true });
  }

  /** Removes leftover temp files and attachment files no row points at (a crash between write and commit). */
  sweepOrphans(minAgeMs = 10 * 60_000): number {
    let removed = 0;
    const now = Date.now();
    const dir = this.ctx.store.attachmentsDir;
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      try {
        const st = fs.statSync(full);
        if (now - st.mtimeMs < minAgeMs) continue;
        if (name.endsWith('.tmp')) {
          fs.rmSync(full, { force: true });
          removed++;
        } else if (name.endsWith('.koa') && !this.#referenced(name.slice(0, -4))) {
          fs.rmSync(full, { force: true });
          removed++;
        }
      } catch {
        /* vanished meanwhile */
      }
    }
    if (removed) this.ctx.log.info('orphan-files-removed', { count: removed });
    return removed;
  }
}
