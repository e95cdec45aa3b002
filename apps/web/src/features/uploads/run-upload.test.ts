import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import { putFile, type UploadTicket, type UploadView, type XhrLike } from '../../api/uploads-api.ts';
import { runUpload, type UploadState, type UploadSteps } from './run-upload.ts';
import { uploadErrorMessage } from './upload-messages.ts';

const ticket: UploadTicket = {
  uploadId: 'upl_1',
  uploadUrl: '/api/blobs/upload?key=k&sig=s',
  method: 'PUT',
  headers: { 'Content-Type': 'image/png' },
  expiresAt: '2026-01-01T00:00:00.000Z',
};

const view = (status: UploadView['status'], extra: Partial<UploadView> = {}): UploadView => ({
  uploadId: 'upl_1',
  status,
  reason: null,
  message: null,
  ownerKind: 'module',
  ownerId: 'mod_1',
  purpose: 'thumbnail',
  fileName: 'cat.png',
  contentType: 'image/png',
  sizeBytes: 4,
  createdAt: '',
  updatedAt: '',
  asset: null,
  ...extra,
});

const file = Object.assign(new Blob([new Uint8Array(4)], { type: 'image/png' }), { name: 'cat.png' });

function steps(statuses: UploadView[], overrides: Partial<UploadSteps> = {}) {
  const requests: unknown[] = [];
  const polls: string[] = [];
  const base: UploadSteps = {
    request: async (body) => {
      requests.push(body);
      return ticket;
    },
    put: async (_t, _f, onProgress) => {
      onProgress(0.5);
      onProgress(1);
    },
    complete: async () => view('processing'),
    get: async (id) => {
      polls.push(id);
      return statuses.shift() ?? view('processing');
    },
    wait: async () => {},
  };
  return { steps: { ...base, ...overrides }, requests, polls };
}

describe('runUpload', () => {
  it('requests, uploads with progress, completes and polls until ready', async () => {
    const seen: UploadState[] = [];
    const { steps: s, requests, polls } = steps([view('processing'), view('ready')]);
    const final = await runUpload(
      file,
      { purpose: 'thumbnail', sectionId: 'sec_1' },
      s,
      (st) => seen.push(st),
      new AbortController().signal,
    );
    expect(final).toMatchObject({ phase: 'ready', view: { status: 'ready' } });
    expect(requests).toEqual([
      { fileName: 'cat.png', contentType: 'image/png', sizeBytes: 4, purpose: 'thumbnail', sectionId: 'sec_1' },
    ]);
    expect(polls).toEqual(['upl_1', 'upl_1']);
    expect(seen.map((st) => st.phase)).toEqual([
      'requesting',
      'uploading',
      'uploading',
      'uploading',
      'processing',
      'processing',
      'ready',
    ]);
    expect(seen.filter((st) => st.phase === 'uploading').map((st) => (st as { progress: number }).progress)).toEqual([
      0, 0.5, 1,
    ]);
  });

  it('ends rejected with the server reason', async () => {
    const { steps: s } = steps([
      view('rejected', { reason: 'executable', message: 'Executable files are not accepted' }),
    ]);
    const final = await runUpload(file, { purpose: 'thumbnail' }, s, () => {}, new AbortController().signal);
    expect(final).toMatchObject({ phase: 'rejected', view: { reason: 'executable' } });
  });

  it('fails with the refusal of the request, in plain words', async () => {
    const refusal = new ApiError(413, 'payload_too_large', 'image files may be at most 10485760 bytes', 'req_1', {
      reason: 'file_too_large',
      limitBytes: 10 * 1024 * 1024,
    });
    const { steps: s } = steps([], { request: () => Promise.reject(refusal) });
    const final = await runUpload(file, { purpose: 'thumbnail' }, s, () => {}, new AbortController().signal);
    expect(final).toMatchObject({ phase: 'failed', error: refusal });
    expect(uploadErrorMessage(refusal)).toBe('The file is too large: at most 10.0 MB.');
  });

  it('goes back to idle when cancelled', async () => {
    const controller = new AbortController();
    const { steps: s } = steps([], {
      put: async () => {
        controller.abort();
        throw new DOMException('cancelled', 'AbortError');
      },
    });
    expect(await runUpload(file, { purpose: 'thumbnail' }, s, () => {}, controller.signal)).toEqual({ phase: 'idle' });
  });
});

class FakeXhr implements XhrLike {
  static last: FakeXhr;
  opened: [string, string] | null = null;
  headers: Record<string, string> = {};
  sent: Blob | null = null;
  status = 0;
  responseText = '';
  upload: XhrLike['upload'] = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: Blob) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
  getResponseHeader(name: string) {
    return name === 'x-request-id' ? 'req_9' : null;
  }
}

describe('putFile', () => {
  it('PUTs with the signed headers and reports progress', async () => {
    const progress: number[] = [];
    const done = putFile(
      ticket,
      file,
      (p) => progress.push(p),
      undefined,
      () => new FakeXhr(),
    );
    const xhr = FakeXhr.last;
    expect(xhr.opened).toEqual(['PUT', ticket.uploadUrl]);
    expect(xhr.headers).toEqual({ 'Content-Type': 'image/png' });
    expect(xhr.sent).toBe(file);
    xhr.upload.onprogress?.({ loaded: 1, total: 4, lengthComputable: true });
    xhr.status = 204;
    xhr.onload?.();
    await done;
    expect(progress).toEqual([0.25, 1]);
  });

  it('turns a refusal envelope into an ApiError', async () => {
    const done = putFile(
      ticket,
      file,
      () => {},
      undefined,
      () => new FakeXhr(),
    );
    const xhr = FakeXhr.last;
    xhr.status = 403;
    xhr.responseText = JSON.stringify({
      error: {
        code: 'forbidden',
        message: 'This link has expired',
        details: { reason: 'expired' },
        requestId: 'req_9',
      },
    });
    xhr.onload?.();
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', details: { reason: 'expired' } });
    expect(uploadErrorMessage(error)).toMatch(/expired/);
  });

  it('aborts the request when the signal fires', async () => {
    const controller = new AbortController();
    const done = putFile(
      ticket,
      file,
      () => {},
      controller.signal,
      () => new FakeXhr(),
    );
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
  });
});
