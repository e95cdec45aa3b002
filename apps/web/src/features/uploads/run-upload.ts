/**
 * One upload from file to outcome, independent of React: request the URL, PUT with progress,
 * complete, then poll the status until processing ends. Every step reports through `onState`.
 */
import type { ApiError } from '../../api/api-error.ts';
import type { UploadRequest, UploadTicket, UploadView } from '../../api/uploads-api.ts';

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'requesting'; fileName: string }
  | { phase: 'uploading'; fileName: string; progress: number }
  | { phase: 'processing'; fileName: string; uploadId: string }
  | { phase: 'ready'; fileName: string; view: UploadView }
  | { phase: 'rejected'; fileName: string; view: UploadView }
  | { phase: 'failed'; fileName: string; error: ApiError | Error };

export interface UploadSteps {
  request(body: UploadRequest, signal: AbortSignal): Promise<UploadTicket>;
  put(ticket: UploadTicket, file: Blob, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void>;
  complete(uploadId: string): Promise<UploadView>;
  get(uploadId: string, signal: AbortSignal): Promise<UploadView>;
  /** Waits between status polls; the default grows from 0.5 s to 3 s. */
  wait?(attempt: number, signal: AbortSignal): Promise<void>;
}

export interface UploadFile {
  name: string;
  type: string;
  size: number;
}

/** Gives up polling after this many status reads (about 10 minutes with the default waits). */
export const maxPolls = 220;

function defaultWait(attempt: number, signal: AbortSignal): Promise<void> {
  const ms = Math.min(3000, 500 + attempt * 250);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('cancelled', 'AbortError'));
      },
      { once: true },
    );
  });
}

export async function runUpload(
  file: UploadFile & Blob,
  details: Pick<UploadRequest, 'purpose' | 'sectionId'>,
  steps: UploadSteps,
  onState: (state: UploadState) => void,
  signal: AbortSignal,
): Promise<UploadState> {
  const fileName = file.name;
  const finish = (state: UploadState) => {
    onState(state);
    return state;
  };
  try {
    onState({ phase: 'requesting', fileName });
    const ticket = await steps.request(
      {
        fileName,
        // Browsers leave the type empty for extensions they do not know; the server then refuses with 415.
        contentType: file.type || 'application/octet-stream',
        sizeBytes: file.size,
        purpose: details.purpose,
        ...(details.sectionId ? { sectionId: details.sectionId } : {}),
      },
      signal,
    );
    onState({ phase: 'uploading', fileName, progress: 0 });
    await steps.put(ticket, file, (progress) => onState({ phase: 'uploading', fileName, progress }), signal);
    let view = await steps.complete(ticket.uploadId);
    const wait = steps.wait ?? defaultWait;
    for (let attempt = 0; view.status === 'pending' || view.status === 'processing'; attempt++) {
      if (attempt >= maxPolls) throw new Error('Processing is taking unusually long; check back later.');
      onState({ phase: 'processing', fileName, uploadId: ticket.uploadId });
      await wait(attempt, signal);
      view = await steps.get(ticket.uploadId, signal);
    }
    return finish(view.status === 'ready' ? { phase: 'ready', fileName, view } : { phase: 'rejected', fileName, view });
  } catch (error) {
    if (signal.aborted) return finish({ phase: 'idle' });
    return finish({ phase: 'failed', fileName, error: error instanceof Error ? error : new Error(String(error)) });
  }
}
