/** Optimistic locking of the working copy: a change names the edit version it was made against. */
import type { StoredItem } from '../ports/item-store.ts';
import { AppError } from '../shared/errors.ts';
import type { ModuleRecord } from './records.ts';

/** `version` must be the module's current edit version; stale → 409 with the current one. */
export function checkEditVersion(head: StoredItem<ModuleRecord>, version: number | undefined, required: boolean): void {
  if (version === undefined) {
    if (required)
      throw AppError.invalidInput('Send the version you edited (If-Match or version)', { field: 'version' });
    return;
  }
  if (version !== head.version) {
    throw AppError.conflict(`The module changed since version ${version}; reload it and apply your change again`, {
      reason: 'stale_version',
      currentVersion: head.version,
    });
  }
}

/** A working copy in review or archived cannot change; a published one returns to draft when edited. */
export function checkEditable(module: ModuleRecord): void {
  if (module.status === 'review') {
    throw AppError.conflict('The module is in review; wait for the decision before editing', { status: 'review' });
  }
  if (module.status === 'archived') {
    throw AppError.conflict('The module is archived and cannot be edited', { status: 'archived' });
  }
}
