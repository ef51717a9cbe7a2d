/* eslint-disable @typescript-eslint/no-explicit-any -- test helper returns loosely typed JSON */
// Shared helpers for the offline-sync tests: temp dirs, sample dossiers, waiting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { DossierInput } from '../outbox/types';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ks-${prefix}-`));
}

export const SAMPLE_ID_NUMBER = '001099012345';
export const SAMPLE_NAME = 'Nguyễn Thị Hằng';

/** A dossier with n pseudo-scans of the given size (random bytes, so each has its own sha256). */
export function sampleDossier(n = 2, size = 4096, over: Partial<DossierInput> = {}): DossierInput {
  return {
    procedureCode: '1.001193',
    channel: 'kiosk',
    applicant: {
      idNumber: SAMPLE_ID_NUMBER, fullName: SAMPLE_NAME, dateOfBirth: '1990-04-12', sex: 'female',
      address: 'Số 12 phố Hàng Bạc, phường Hàng Đào, quận Hoàn Kiếm, Hà Nội', phone: '0912345678',
    },
    form: { reason: 'Cấp lại do bị mất', copies: 2 },
    attachments: Array.from({ length: n }, (_, i) => ({
      bytes: crypto.randomBytes(size), mediaType: 'image/png', pages: 1, documentType: i === 0 ? 'cccd' : 'application',
    })),
    fee: { amount: 50_000 },
    ...over,
  };
}

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, stepMs = 20): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const TOKEN = 'test-token-0123456789abcdef';
export const DEVICE = { id: 'kiosk-test-01', token: TOKEN };

import { Upload } from 'tus-js-client';

/** Uploads bytes to a sandbox by tus and returns the upload id (last path segment of Location). */
export function tusUpload(baseUrl: string, token: string, bytes: Buffer, dossierId = '00000000-0000-7000-8000-000000000000'): Promise<string> {
  return new Promise((resolve, reject) => {
    const up = new Upload(bytes, {
      endpoint: `${baseUrl}/v1/uploads`,
      headers: { authorization: `Bearer ${token}` },
      metadata: { dossierId, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), mediaType: 'image/png', filename: 'x' },
      retryDelays: [],
      storeFingerprintForResuming: false,
      onSuccess: () => resolve((up.url ?? '').split('/').pop()!),
      onError: reject,
    });
    up.start();
  });
}

export function sha256(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export async function api(baseUrl: string, method: string, p: string, body?: unknown, token = TOKEN): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(baseUrl + p, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

import { openKioskStore, type KioskStore } from '../store/store';
import { Outbox } from '../outbox/outbox';
import { SyncWorker, type SyncWorkerOptions } from '../sync/worker';
import type { Logger } from '../../common/logger';

export interface Kiosk {
  store: KioskStore;
  outbox: Outbox;
  worker: SyncWorker;
  close(): Promise<void>;
}

/** A kiosk side on a fresh data dir, with fast backoff so fault tests stay short. */
export function makeKiosk(baseUrl: string, over: Partial<SyncWorkerOptions> = {}, logger?: Logger, dataDir = tempDir('kiosk')): Kiosk {
  const r = openKioskStore({ dataDir, logger });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const outbox = new Outbox(r.value, { logger });
  const worker = new SyncWorker({
    outbox, baseUrl, deviceId: DEVICE.id, deviceToken: TOKEN, backoffBaseMs: 20, backoffCapMs: 300, pollIntervalMs: 200,
    requestTimeoutMs: 2000, uploadStallMs: 2000, logger, ...over,
  });
  return {
    store: r.value, outbox, worker,
    close: async () => {
      await worker.stop();
      r.value.close();
    },
  };
}

/** Submits n dossiers, each with a card payment approved before submission. */
export function submitWithPayments(outbox: Outbox, n: number, scans = 2, size = 20_000): { dossierId: string; paymentId: string; shas: string[] }[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    const dossierId = outbox.reserveId();
    const p = outbox.recordPaymentIntent({ dossierId, method: 'card', amount: 50_000 });
    if (!p.ok) throw new Error(p.error.message);
    const o = outbox.recordPaymentOutcome(p.value.paymentId, { status: 'approved', approvalCode: 'OK1', maskedPan: '970436******1234', terminalRef: `T${i}` });
    if (!o.ok) throw new Error(o.error.message);
    const d = outbox.submitDossier(sampleDossier(scans, size, { id: dossierId, fee: { amount: 50_000, paymentId: p.value.paymentId } }));
    if (!d.ok) throw new Error(d.error.message);
    out.push({ dossierId, paymentId: p.value.paymentId, shas: d.value.attachments.map((a) => a.sha256) });
  }
  return out;
}
