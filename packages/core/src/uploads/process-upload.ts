/**
 * Step 4, the `uploads.process` job: check the uploaded object (it exists; its size is the declared
 * one and within the kind's limit; its magic bytes match the declared type and are neither an
 * executable nor an archive), read its metadata, make a thumbnail of images, move it to the owner's
 * folder, hand the asset to the owner, mark the upload ready and notify the uploader. A refused file
 * is deleted and its storage reservation given back, in the same transaction that marks it rejected.
 *
 * Idempotent under redelivery: a finished upload only repeats its (deduplicated) notification; a file
 * already moved was already checked, so a second delivery resumes after the move; owners' `attach`
 * must be idempotent too (the UploadOwner contract).
 */
import type { ConditionClause } from '../ports/item-store.ts';
import type { MediaSource } from '../ports/media-inspector.ts';
import { sniffBytes } from '../ports/media-inspector.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError, isAppError } from '../shared/errors.ts';
import { acceptedTypes, archiveTypes, executableTypes, maxBytesByKind } from './file-types.ts';
import { openUploadSortKey, unclaimedUploadsIndex, uploadKey } from './keys.ts';
import { releaseStorageOperation } from './storage-usage.ts';
import type { AssetMetadata, ProcessedAsset } from './upload-owner.ts';
import { type RejectionReason, rejectionMessages, type UploadRecord } from './upload-record.ts';
import type { UploadsDeps } from './uploads-deps.ts';

export interface ProcessUploadPayload {
  organizationId: string;
  uploadId: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function checkPayload(payload: unknown): ProcessUploadPayload {
  const p = payload as Partial<ProcessUploadPayload> | null;
  if (typeof p?.organizationId !== 'string' || typeof p.uploadId !== 'string') {
    throw AppError.invalidInput('uploads.process needs organizationId and uploadId');
  }
  return { organizationId: p.organizationId, uploadId: p.uploadId };
}

/** Why the object at `key` is refused, or undefined when it is what was declared. */
async function verdictOn(deps: UploadsDeps, record: UploadRecord, key: string): Promise<RejectionReason | undefined> {
  const head = await deps.blobs.head(key);
  if (!head) return 'missing_object';
  if (head.sizeBytes > record.sizeBytes || head.sizeBytes > maxBytesByKind[record.kind]) return 'too_large';
  if (head.sizeBytes !== record.sizeBytes) return 'size_mismatch';
  const start = (await deps.blobs.read(key, { start: 0, end: sniffBytes - 1 })) ?? new Uint8Array();
  const sniffed = await deps.inspector.sniff(start);
  if (sniffed && executableTypes.has(sniffed.mime)) return 'executable';
  if (sniffed && archiveTypes.has(sniffed.mime)) return 'archive';
  const accepted = acceptedTypes[record.contentType];
  if (!accepted) return 'type_mismatch';
  if (accepted.kind === 'text') {
    if (sniffed) return 'type_mismatch';
    const bytes = (await deps.blobs.read(key)) ?? new Uint8Array();
    try {
      if (utf8.decode(bytes).includes('\u0000')) return 'type_mismatch';
    } catch {
      return 'type_mismatch';
    }
    return undefined;
  }
  return sniffed && accepted.sniffedAs.includes(sniffed.mime) ? undefined : 'type_mismatch';
}

function sourceOf(deps: UploadsDeps, record: UploadRecord, key: string): MediaSource {
  const missing = () => new AppError('unavailable', `The object ${key} disappeared while it was processed`);
  return {
    contentType: record.contentType,
    sizeBytes: record.sizeBytes,
    read: async () => (await deps.blobs.read(key)) ?? Promise.reject(missing()),
    readRange: async (start, end) => (await deps.blobs.read(key, { start, end })) ?? Promise.reject(missing()),
    stream: async () => (await deps.blobs.stream(key)) ?? Promise.reject(missing()),
  };
}

async function notifyOutcome(deps: UploadsDeps, record: UploadRecord): Promise<void> {
  if (record.status !== 'ready' && record.status !== 'rejected') return;
  const ready = record.status === 'ready';
  await deps.notify({
    organizationId: record.organizationId,
    userId: record.createdBy,
    kind: ready ? 'uploads.ready' : 'uploads.rejected',
    title: ready ? `${record.fileName} is ready` : `${record.fileName} was not accepted`,
    ...(ready ? {} : { body: record.reason ? rejectionMessages[record.reason] : undefined }),
    ...(deps.owners.has(record.ownerKind) ? { link: deps.owners.get(record.ownerKind).linkFor?.(record.ownerId) } : {}),
    dedupeKey: `upload:${record.uploadId}:${record.status}`,
  });
}

/** How long an upload expired unclaimed keeps its record, to explain why the file is gone (then TTL). */
export const expiredRecordRetentionMs = 7 * 24 * 3600_000;

/**
 * Marks the upload rejected and releases its bytes in one transaction, then deletes its objects.
 * `unfinished` (default) rejects an upload still pending or processing; `unclaimed` expires a ready
 * file its owner never claimed (the sweeper), and only while it is still unclaimed.
 */
export async function rejectUpload(
  deps: UploadsDeps,
  record: UploadRecord,
  reason: RejectionReason,
  stage: 'unfinished' | 'unclaimed' = 'unfinished',
): Promise<UploadRecord | undefined> {
  const nowMs = deps.clock.nowMs();
  const updatedAt = isoAt(nowMs);
  const condition: ConditionClause[] =
    stage === 'unclaimed'
      ? [
          { kind: 'compare', field: 'status', op: '=', value: 'ready' },
          { kind: 'fieldExists', field: 'awaitingClaim' },
        ]
      : [
          { kind: 'compare', field: 'status', op: '<>', value: 'ready' },
          { kind: 'compare', field: 'status', op: '<>', value: 'rejected' },
        ];
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: uploadKey(record.organizationId, record.uploadId),
        changes: {
          set: { status: 'rejected', reason, updatedAt },
          remove: ['metadata', 'awaitingClaim'],
          index: { gsi1pk: null, gsi1sk: null },
          ...(stage === 'unclaimed' ? { expiresAt: Math.floor((nowMs + expiredRecordRetentionMs) / 1000) } : {}),
          condition,
        },
      },
      releaseStorageOperation(record.organizationId, record.sizeBytes),
    ]);
  } catch (error) {
    // It ended meanwhile (another delivery, the sweeper, a claim): its outcome stands.
    if (error instanceof ConditionFailedError) return undefined;
    throw error;
  }
  for (const key of [record.tempKey, record.key, record.thumbnailKey]) {
    // Leftovers are harmless: temp objects are swept, and nothing points at the others.
    if (key) await deps.blobs.delete(key).catch(() => false);
  }
  return { ...record, status: 'rejected', reason, updatedAt };
}

async function rejectAndNotify(deps: UploadsDeps, record: UploadRecord, reason: RejectionReason): Promise<void> {
  const rejected = await rejectUpload(deps, record, reason);
  if (rejected) await notifyOutcome(deps, rejected);
}

/** Reads metadata and the thumbnail; an unreadable file is a rejection, anything else a retryable failure. */
async function inspect(deps: UploadsDeps, record: UploadRecord, key: string) {
  const source = sourceOf(deps, record, key);
  try {
    const metadata: AssetMetadata = await deps.inspector.metadata(record.kind, source);
    const thumbnail = record.thumbnailKey ? await deps.inspector.thumbnail(record.kind, source) : undefined;
    return { metadata, thumbnail };
  } catch (error) {
    if (isAppError(error) && error.code === 'unprocessable') return 'unreadable' as const;
    throw error;
  }
}

export async function processUpload(deps: UploadsDeps, payload: unknown): Promise<void> {
  const { organizationId, uploadId } = checkPayload(payload);
  const item = await deps.store.get<UploadRecord>(uploadKey(organizationId, uploadId));
  if (!item) return;
  const record = item.data;
  if (record.status === 'ready' || record.status === 'rejected') {
    // An earlier delivery finished but may have died before notifying; the notification is deduplicated.
    await notifyOutcome(deps, record);
    return;
  }
  if (record.status !== 'processing') return;
  const owner = deps.owners.get(record.ownerKind);

  // A previous delivery may have moved the file already; only checked files are ever moved.
  const moved = (await deps.blobs.head(record.key)) !== undefined;
  if (!moved) {
    const reason = await verdictOn(deps, record, record.tempKey);
    if (reason) return rejectAndNotify(deps, record, reason);
  }
  const inspected = await inspect(deps, record, moved ? record.key : record.tempKey);
  if (inspected === 'unreadable') return rejectAndNotify(deps, record, 'unreadable');
  const { metadata, thumbnail } = inspected;
  if (thumbnail && record.thumbnailKey)
    await deps.blobs.put(record.thumbnailKey, thumbnail.bytes, thumbnail.contentType);
  if (!moved) await deps.blobs.move(record.tempKey, record.key);

  // A file its owner claims later waits in the unclaimed index from now on; the owner gets the deadline.
  const readyAtMs = deps.clock.nowMs();
  const held = owner.holdUntilClaimed === true;
  const asset: ProcessedAsset = {
    organizationId,
    ownerKind: record.ownerKind,
    ownerId: record.ownerId,
    uploadId,
    purpose: record.purpose,
    key: record.key,
    contentType: record.contentType,
    sizeBytes: record.sizeBytes,
    fileName: record.fileName,
    metadata,
    ...(thumbnail && record.thumbnailKey ? { thumbnailKey: record.thumbnailKey } : {}),
    createdBy: record.createdBy,
    ...(record.context ? { context: record.context } : {}),
    ...(held ? { claimByMs: readyAtMs + deps.settings.unclaimedMaxAgeMs } : {}),
  };
  try {
    await owner.attach(asset);
  } catch (error) {
    // The module (post, profile) was deleted meanwhile, or the uploader lost access: nothing to attach to.
    if (isAppError(error) && (error.code === 'not_found' || error.code === 'forbidden' || error.code === 'gone')) {
      return rejectAndNotify(deps, record, 'owner_gone');
    }
    throw error;
  }

  const updatedAt = isoAt(readyAtMs);
  const done: UploadRecord = {
    ...record,
    status: 'ready',
    metadata,
    updatedAt,
    ...(held ? { awaitingClaim: true as const } : {}),
    ...(asset.thumbnailKey ? {} : { thumbnailKey: undefined }),
  };
  try {
    await deps.store.update<UploadRecord>(uploadKey(organizationId, uploadId), {
      set: { status: 'ready', metadata, updatedAt, ...(held ? { awaitingClaim: true as const } : {}) },
      ...(asset.thumbnailKey ? {} : { remove: ['thumbnailKey'] }),
      index: held
        ? { gsi1pk: unclaimedUploadsIndex, gsi1sk: openUploadSortKey(readyAtMs, organizationId, uploadId) }
        : { gsi1pk: null, gsi1sk: null },
      condition: [{ kind: 'compare', field: 'status', op: '=', value: 'processing' }],
    });
  } catch (error) {
    if (error instanceof ConditionFailedError) return;
    throw error;
  }
  await notifyOutcome(deps, done);
}
