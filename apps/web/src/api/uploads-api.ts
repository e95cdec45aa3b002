/**
 * The upload pipeline from the browser: ask the owner's route for a signed URL, PUT the file straight
 * to it (XHR, for upload progress; fetch has none), complete, and read the processing status.
 */
import { UploadTicket, UploadView } from '@diatonic/api-schemas';
import { ApiError, parseApiError } from './api-error.ts';
import { apiAuthed } from './authed-request.ts';
import type { ApiPath } from './client.ts';

export type { UploadTicket, UploadView };

export interface UploadRequest {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  purpose: 'section-asset' | 'thumbnail' | 'document' | 'attachment';
  sectionId?: string;
}

/** Where complete and status live, e.g. `/api/education/uploads`. */
export type UploadsBase = ApiPath;
export const educationUploads: UploadsBase = '/api/education/uploads';

export function requestUpload(ownerUrl: ApiPath, body: UploadRequest, signal?: AbortSignal): Promise<UploadTicket> {
  return apiAuthed(ownerUrl, UploadTicket, { method: 'POST', body, ...(signal ? { signal } : {}) });
}

export function completeUpload(base: UploadsBase, uploadId: string): Promise<UploadView> {
  return apiAuthed(`${base}/${encodeURIComponent(uploadId)}/complete`, UploadView, { method: 'POST' });
}

export function getUpload(base: UploadsBase, uploadId: string, signal?: AbortSignal): Promise<UploadView> {
  return apiAuthed(`${base}/${encodeURIComponent(uploadId)}`, UploadView, signal ? { signal } : {});
}

/** The part of XMLHttpRequest `putFile` uses, so tests can stand in for it. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  getResponseHeader(name: string): string | null;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

/**
 * PUTs the file to the signed URL with the signed headers, reporting progress from 0 to 1. Resolves on
 * 2xx; a refusal (403 expired or altered link, 413 too large) becomes an ApiError from its envelope
 * (S3 answers XML, which becomes `unexpected_response` with the status).
 */
export function putFile(
  ticket: Pick<UploadTicket, 'uploadUrl' | 'method' | 'headers'>,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  makeXhr: () => XhrLike = () => new XMLHttpRequest() as unknown as XhrLike,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = makeXhr();
    xhr.open(ticket.method, ticket.uploadUrl);
    for (const [name, value] of Object.entries(ticket.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      const response = new Response(null, {
        status: xhr.status,
        headers: { 'x-request-id': xhr.getResponseHeader('x-request-id') ?? '' },
      });
      reject(parseApiError(response, body));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network_error', 'The upload was interrupted. Check your connection and retry.', null));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
