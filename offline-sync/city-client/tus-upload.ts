// POST /v1/uploads … one attachment by tus 1.0.0, resumed from the server's offset when the
// URL of an upload begun earlier is given. tus-js-client's own retries are off, because on a
// resume check that fails with any error status it starts a new upload and leaves the old one
// at the city: here, once the server has named the upload, every later try goes to that same
// upload (no endpoint is given, so the library cannot start another). A try with no progress
// for a while (a stalled request) is aborted and the upload resumed from the server's offset.
// An upload the kiosk gives up on is terminated (tus termination), not left behind.
import { Upload, type DetailedError, type HttpRequest } from 'tus-js-client';
import { ok, err, type Result } from '../../common/result';
import { malformedAnswer, networkError, type CityError } from './city-errors';
import type { CityHttp } from './city-http';
import { REQUEST_ATTEMPTS } from './request-retry';

export interface TusUploadRequest {
  readonly bytes: Buffer;
  /** The URL of an upload begun earlier (saved by onUploadUrl): resumed at the server's offset. */
  readonly resumeUrl: string | null;
  /** Upload-Metadata, as the contract names it. */
  readonly metadata: { readonly dossierId: string; readonly sha256: string; readonly mediaType: string; readonly filename: string };
  /** Called as soon as the server named the upload, so a restart resumes it instead of starting again. */
  readonly onUploadUrl: (url: string) => void;
}

/** A finished upload: its URL and its id (the URL's last segment, what a dossier names). */
export interface FinishedUpload {
  readonly url: string;
  readonly uploadId: string;
}

export interface TusOptions {
  /** The longest a try may go without progress; shorter when the link answers fast. */
  readonly stallMs: number;
  readonly chunkBytes: number;
  /** The shortest stall time-out, whatever the link's latencies (3 s). */
  readonly stallFloorMs?: number;
}

/** One attachment: a few tries, each after the first resuming the same upload from its offset. */
export function tusUpload(http: CityHttp, req: TusUploadRequest, o: TusOptions): Promise<Result<FinishedUpload, CityError>> {
  let url = req.resumeUrl;
  return http.retrying(REQUEST_ATTEMPTS, () => oneTry(http, { ...req, resumeUrl: url }, o, (u) => (url = u)));
}

/**
 * Terminates an upload the kiosk gave up on, best effort (a failure leaves it to the city's
 * expiry). Only an upload at this city's own address: the token never goes elsewhere.
 */
export async function terminateUpload(http: CityHttp, url: string): Promise<boolean> {
  if (!url.startsWith(`${http.baseUrl}/v1/uploads/`)) return false;
  const r = await http.request('DELETE', url.slice(http.baseUrl.length), undefined, { headers: { 'tus-resumable': '1.0.0' } });
  return r.ok || (r.error.code === 'status' && (r.error.status === 404 || r.error.status === 410));
}

function oneTry(http: CityHttp, req: TusUploadRequest, o: TusOptions, named: (url: string) => void): Promise<Result<FinishedUpload, CityError>> {
  return new Promise((resolve) => {
    const generation = http.generation;
    let settled = false;
    let watchdog: unknown = null;
    let untrack: () => void = () => {};
    const sentAt = new Map<HttpRequest, number>();
    const finish = (r: Result<FinishedUpload, CityError>) => {
      if (settled) return;
      settled = true;
      if (watchdog !== null) http.timers.clearTimeout(watchdog);
      untrack();
      resolve(r);
    };
    const stallMs = http.health.timeoutMs(o.stallFloorMs ?? 3_000, o.stallMs);
    const arm = () => {
      if (watchdog !== null) http.timers.clearTimeout(watchdog);
      watchdog = http.timers.setTimeout(() => {
        void upload.abort(false);
        const e = err(networkError('upload stalled'));
        http.record(e, performance.now(), generation); // no answer: its time does not count
        finish(e);
      }, stallMs);
    };
    const upload = new Upload(req.bytes, {
      // Once the server named the upload, no endpoint: a failed resume check is an error, never a second upload.
      ...(req.resumeUrl ? { uploadUrl: req.resumeUrl } : { endpoint: `${http.baseUrl}/v1/uploads` }),
      uploadSize: req.bytes.length,
      chunkSize: o.chunkBytes,
      headers: { authorization: `Bearer ${http.deviceToken}` },
      metadata: { ...req.metadata },
      retryDelays: [], // retried here, on the same upload
      storeFingerprintForResuming: false, // the caller keeps the upload URL instead
      onBeforeRequest: (r) => {
        sentAt.set(r, performance.now());
      },
      onAfterResponse: (r, res) => {
        const status = res.getStatus();
        http.record(status >= 200 && status < 300 ? ok(null) : http.classify(status, res.getHeader('Retry-After') ?? null, ''), sentAt.get(r) ?? performance.now(), generation);
        sentAt.delete(r);
        arm(); // an answer is progress
      },
      onUploadUrlAvailable: () => {
        if (upload.url) {
          named(upload.url);
          req.onUploadUrl(upload.url);
        }
      },
      onProgress: arm,
      onSuccess: () => {
        const url = upload.url ?? '';
        const uploadId = url.split('/').pop() ?? '';
        if (!uploadId) return finish(err(malformedAnswer('upload', 'no upload url', 'tus: no upload url')));
        finish(ok({ url, uploadId }));
      },
      onError: (e) => {
        const res = (e as DetailedError).originalResponse;
        if (!res) {
          const none = err(networkError(e.message.split('\n')[0]?.slice(0, 120) ?? 'error'));
          http.record(none, performance.now(), generation);
          return finish(none);
        }
        const answer = http.classify(res.getStatus(), res.getHeader('Retry-After') ?? null, res.getBody() ?? '');
        // tus-js-client gave up on an answer that was not an error status: not what tus says.
        finish(answer.ok ? err(malformedAnswer('upload', `unexpected ${answer.value.status} answer`)) : answer);
      },
    });
    untrack = http.track(() => {
      void upload.abort(false);
      finish(err(networkError('aborted')));
    });
    arm();
    upload.start();
  });
}
