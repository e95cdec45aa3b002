/**
 * Step 1 of the pipeline: the owner authorises, the declared file is checked against the type table
 * and the size limits, the organisation's storage is reserved, and the browser gets a signed URL to
 * `uploads/temp/<org>/<uploadId>`. Every refusal happens before the first write.
 */
import { checkBlobKey } from '../ports/blob-store.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { acceptedTypes, extensionOf, folderByKind, kindsByPurpose, maxBytesByKind } from './file-types.ts';
import { openUploadSortKey, openUploadsIndex, ownerIndexPartition, tempBlobKey, uploadKey } from './keys.ts';
import { releaseStorageOperation, reserveStorage } from './storage-usage.ts';
import { type UploadOwner, type UploadPurpose, uploadPurposes } from './upload-owner.ts';
import type { UploadRecord } from './upload-record.ts';
import type { UploadsDeps } from './uploads-deps.ts';

export interface RequestUploadInput {
  ownerKind: string;
  ownerId: string;
  purpose: UploadPurpose;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Owner-specific fields (e.g. `sectionId`), at most 10 short strings; handed back with the asset. */
  context?: Record<string, string>;
}

export interface UploadTicket {
  uploadId: string;
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const maxFileNameLength = 255;
// Control characters and path separators: a file name names a file, not a place.
const badFileName = (name: string) =>
  /[/\\]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f');
const contextKey = /^[A-Za-z][A-Za-z0-9]{0,39}$/;

function checkInput(input: RequestUploadInput): void {
  const problems: string[] = [];
  const { fileName, sizeBytes, purpose, context } = input;
  if (typeof input.ownerKind !== 'string' || input.ownerKind.length === 0 || input.ownerKind.length > 40)
    problems.push('ownerKind must be a short string');
  if (typeof input.ownerId !== 'string' || input.ownerId.length === 0 || input.ownerId.length > 100)
    problems.push('ownerId must be a string of 1 to 100 characters');
  if (
    typeof fileName !== 'string' ||
    fileName.trim().length === 0 ||
    fileName.length > maxFileNameLength ||
    badFileName(fileName)
  )
    problems.push(`fileName must be 1 to ${maxFileNameLength} characters without slashes or control characters`);
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 1) problems.push('sizeBytes must be a positive integer');
  if (!uploadPurposes.includes(purpose)) problems.push(`purpose must be one of ${uploadPurposes.join(', ')}`);
  if (typeof input.contentType !== 'string' || input.contentType.length === 0 || input.contentType.length > 100)
    problems.push('contentType must be a media type');
  if (context !== undefined) {
    const entries = typeof context === 'object' && context !== null ? Object.entries(context) : [];
    if (
      entries.length > 10 ||
      entries.some(([k, v]) => !contextKey.test(k) || typeof v !== 'string' || v.length === 0 || v.length > 200)
    )
      problems.push('context must map at most 10 names to strings of 1 to 200 characters');
  }
  if (problems.length > 0) throw AppError.invalidInput('The upload request is not valid', { problems });
}

/** Content type, extension and purpose agree, and the size is within the kind's limit; else 415 or 413. */
function checkDeclaredFile(input: RequestUploadInput, owner: UploadOwner) {
  const contentType = input.contentType.toLowerCase();
  const accepted = acceptedTypes[contentType];
  if (!accepted) {
    throw new AppError('unsupported_media_type', `Files of type ${input.contentType} are not accepted`, {
      details: { reason: 'type_not_accepted', contentType: input.contentType, accepted: Object.keys(acceptedTypes) },
    });
  }
  const extension = extensionOf(input.fileName);
  if (!accepted.extensions.includes(extension)) {
    throw new AppError('unsupported_media_type', `The file name does not match the type ${contentType}`, {
      details: { reason: 'extension_mismatch', contentType, extension, expected: accepted.extensions },
    });
  }
  if (!kindsByPurpose[input.purpose].includes(accepted.kind)) {
    throw new AppError('unsupported_media_type', `A ${input.purpose} cannot be a ${accepted.kind} file`, {
      details: {
        reason: 'purpose_mismatch',
        purpose: input.purpose,
        kind: accepted.kind,
        accepted: kindsByPurpose[input.purpose],
      },
    });
  }
  const ownerLimit = owner.acceptedKinds?.[accepted.kind];
  if (owner.acceptedKinds && ownerLimit === undefined) {
    throw new AppError('unsupported_media_type', `A ${owner.kind} file cannot be a ${accepted.kind} file`, {
      details: { reason: 'kind_not_accepted', kind: accepted.kind, accepted: Object.keys(owner.acceptedKinds) },
    });
  }
  const limit = Math.min(maxBytesByKind[accepted.kind], ownerLimit ?? Number.POSITIVE_INFINITY);
  if (input.sizeBytes > limit) {
    throw new AppError('payload_too_large', `${accepted.kind} files may be at most ${limit} bytes`, {
      details: { reason: 'file_too_large', kind: accepted.kind, limitBytes: limit, sizeBytes: input.sizeBytes },
    });
  }
  return { contentType, accepted };
}

export async function requestUpload(deps: UploadsDeps, actor: Actor, input: RequestUploadInput): Promise<UploadTicket> {
  checkInput(input);
  const owner = deps.owners.get(input.ownerKind);
  await owner.authorize(actor, input.ownerId);
  const { contentType, accepted } = checkDeclaredFile(input, owner);

  const uploadId = deps.ids.next('upl');
  const orgId = actor.orgId;
  const prefix = owner.keyPrefix(orgId, input.ownerId);
  const key = checkBlobKey(`${prefix}${folderByKind[accepted.kind]}/${uploadId}.${accepted.extensions[0]}`);
  const tempKey = tempBlobKey(orgId, uploadId);
  // Signed before anything is stored, so a store that cannot sign leaves no reservation behind.
  const grant = await deps.blobs.createUpload({
    key: tempKey,
    contentType,
    maxBytes: input.sizeBytes,
    expiresInSeconds: deps.settings.uploadUrlSeconds,
  });

  await reserveStorage(deps.store, orgId, actor.plan, input.sizeBytes);
  const nowMs = deps.clock.nowMs();
  const now = isoAt(nowMs);
  const record: UploadRecord = {
    uploadId,
    organizationId: orgId,
    ownerKind: owner.kind,
    ownerId: input.ownerId,
    purpose: input.purpose,
    fileName: input.fileName.trim(),
    contentType,
    kind: accepted.kind,
    sizeBytes: input.sizeBytes,
    status: 'pending',
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    tempKey,
    key,
    ...(accepted.kind === 'image' || accepted.kind === 'pdf'
      ? { thumbnailKey: `${prefix}thumbnails/${uploadId}.webp` }
      : {}),
    ...(input.context ? { context: { ...input.context } } : {}),
  };
  try {
    await deps.store.put(
      {
        ...uploadKey(orgId, uploadId),
        gsi1pk: openUploadsIndex,
        gsi1sk: openUploadSortKey(nowMs, orgId, uploadId),
        gsi2pk: ownerIndexPartition(orgId, owner.kind, input.ownerId),
        gsi2sk: uploadId,
        data: record,
      },
      { condition: [{ kind: 'notExists' }] },
    );
  } catch (error) {
    // Give the reservation back, so a failed request leaves the quota as it was.
    await deps.store.transact([releaseStorageOperation(orgId, input.sizeBytes)]).catch(() => undefined);
    throw error;
  }
  return { uploadId, uploadUrl: grant.url, method: grant.method, headers: grant.headers, expiresAt: grant.expiresAt };
}
