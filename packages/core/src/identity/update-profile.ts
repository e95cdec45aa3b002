import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requireName } from './identity-input.ts';
import { userKey } from './keys.ts';
import type { UserRecord } from './records.ts';
import { toUserView, type UserView } from './views.ts';

export interface UpdateProfileInput {
  name?: string;
}

/** Updates the caller's own profile. Only the listed fields exist; e-mail, role and plan are not editable here. */
export async function updateProfile(
  deps: IdentityDeps,
  principal: Principal,
  input: UpdateProfileInput,
): Promise<UserView> {
  const set: Partial<UserRecord> = { updatedAt: isoAt(deps.clock.nowMs()) };
  if (input.name !== undefined) set.name = requireName(input.name, 'name');
  try {
    const updated = await deps.store.update<UserRecord>(userKey(principal.userId), {
      set,
      condition: [{ kind: 'exists' }],
    });
    return toUserView(updated.data);
  } catch (error) {
    if (error instanceof ConditionFailedError) throw AppError.unauthenticated('This account no longer exists');
    throw error;
  }
}
