// POST /v1/uploads … one attachment by tus 1.0.0, resumed from the server's offset when the
// URL of an upload begun earlier is given. Our own scheduler decides when to try again, so
// tus-js-client's retries are off; an upload with no progress for stallMs is aborted.
import { Upload, type DetailedError } from 'tus-js-client';
import { ok, err, type Result } from '../../common/result';
import { malformedAnswer, networkError, type CityError } from './city-errors';
import type { CityHttp } from './city-http';

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

export function tusUpload(http: CityHttp, req: TusUploadRequest, o: { stallMs: number; chunkBytes: number }): Promise<Result<FinishedUpload, CityError>> {
  return new Promise((resolve) => {
    let settled = false;
    let watchdog: unknown = null;
    let untrack: () => void = () => {};
    const finish = (r: Result<FinishedUpload, CityError>) => {
      if (settled) return;
      settled = true;
      if (watchdog !== null) http.timers.clearTimeout(watchdog);
      untrack();
      resolve(r);
    };
    const arm = () => {
      if (watchdog !== null) http.timers.clearTimeout(watchdog);
      watchdog = http.timers.setTimeout(() => {
        void upload.abort(false);
        finish(err(networkError('upload stalled')));
      }, o.stallMs);
    };
    const upload = new Upload(req.bytes, {
      endpoint: `${http.baseUrl}/v1/uploads`,
      uploadUrl: req.resumeUrl,
      uploadSize: req.bytes.length,
      chunkSize: o.chunkBytes,
      headers: { authorization: `Bearer ${http.deviceToken}` },
      metadata: { ...req.metadata },
      retryDelays: [], // our own backoff decides when to try again
      storeFingerprintForResuming: false, // the caller keeps the upload URL instead
      onUploadUrlAvailable: () => {
        if (upload.url) req.onUploadUrl(upload.url);
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
        if (!res) return finish(err(networkError(e.message.split('\n')[0]?.slice(0, 120) ?? 'error')));
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
