/**
 * React state around `runUpload`: start an upload, watch its progress and processing, cancel it. The
 * upload keeps running if the component re-renders; it is cancelled when the component unmounts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiPath } from '../../api/client.ts';
import {
  completeUpload,
  educationUploads,
  getUpload,
  putFile,
  requestUpload,
  type UploadRequest,
  type UploadsBase,
  type UploadView,
} from '../../api/uploads-api.ts';
import { runUpload, type UploadState } from './run-upload.ts';

export interface FileUploadOptions {
  /** The owner's upload route, e.g. `/api/education/modules/mod_…/upload`. */
  ownerUrl: ApiPath;
  purpose: UploadRequest['purpose'];
  sectionId?: string;
  /** Where complete and status live; education's by default. */
  uploadsBase?: UploadsBase;
  onReady?: (view: UploadView) => void;
}

export function useFileUpload(options: FileUploadOptions) {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback((file: File) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const { ownerUrl, purpose, sectionId, uploadsBase = educationUploads } = latest.current;
    void runUpload(
      file,
      { purpose, ...(sectionId ? { sectionId } : {}) },
      {
        request: (body, signal) => requestUpload(ownerUrl, body, signal),
        put: (ticket, blob, onProgress, signal) => putFile(ticket, blob, onProgress, signal),
        complete: (uploadId) => completeUpload(uploadsBase, uploadId),
        get: (uploadId, signal) => getUpload(uploadsBase, uploadId, signal),
      },
      (next) => {
        if (!current.signal.aborted) setState(next);
      },
      current.signal,
    ).then((final) => {
      if (final.phase === 'ready' && !current.signal.aborted) latest.current.onReady?.(final.view);
    });
  }, []);

  const cancel = useCallback(() => {
    controller.current?.abort();
    setState({ phase: 'idle' });
  }, []);

  return { state, start, cancel };
}
