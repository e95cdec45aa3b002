/**
 * For owners that `holdUntilClaimed`: the transaction operation that makes a ready file theirs for good.
 * It goes into the owner's own transaction (community: the post's), so the file is claimed exactly when
 * what carries it is saved. It fails the transaction (ConditionFailedError) when the upload is gone or
 * no longer ready — e.g. the sweeper expired it a moment before — so nothing can point at a file the
 * sweeper deletes.
 */
import type { TransactOperation } from '../ports/item-store.ts';
import { uploadKey } from './keys.ts';

export function claimUploadOperation(organizationId: string, uploadId: string): TransactOperation {
  return {
    kind: 'update',
    key: uploadKey(organizationId, uploadId),
    changes: {
      remove: ['awaitingClaim'],
      // Leaves the unclaimed index: the sweeper never sees a claimed file.
      index: { gsi1pk: null, gsi1sk: null },
      condition: [{ kind: 'exists' }, { kind: 'compare', field: 'status', op: '=', value: 'ready' }],
    },
  };
}
