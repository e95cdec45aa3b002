/**
 * Shapes of the identity items' `data` as stored. They are the storage format: add optional fields
 * freely, never rename one without a migration. Ids use prefixes usr_, org_, inv_, rtf_ and aud_.
 */
import type { PlanId } from './plans.ts';
import type { OrgRole, PlatformRole } from './roles.ts';

export interface UserRecord {
  [key: string]: unknown;
  id: string;
  /** As typed at sign-up (trimmed); `emailNormalised` is what uniqueness and matching use. */
  email: string | null;
  emailNormalised: string | null;
  name: string;
  /** Self-describing scrypt hash; absent for users who sign in through an external provider. */
  passwordHash?: string;
  platformRole?: PlatformRole;
  /** The organisation created at sign-up. */
  personalOrgId: string;
  /** Set when the account came from an external identity provider (`cognito`). */
  provider?: string;
  /** The provider's subject (`sub`), so deleting the account can remove the link. */
  externalSubject?: string;
  /** Access tokens issued before this instant (epoch ms) are refused: set by password change. */
  tokensValidAfterMs?: number;
  /**
   * Set by account deletion before it leaves any organisation: the organisations it is leaving and
   * deleting, so a retry after a run that died midway still hands them to the deletion hooks.
   */
  pendingDeletion?: { sharedOrganizationIds: string[]; deletedOrganizationIds: string[] };
  createdAt: string;
  updatedAt: string;
}

export interface EmailRecord {
  [key: string]: unknown;
  userId: string;
}

export interface ExternalSubjectRecord {
  [key: string]: unknown;
  userId: string;
}

export interface OrganizationRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  plan: PlanId;
  /** True for the organisation created with a user at sign-up. */
  personal: boolean;
  /** Kept exact by the transactions that add or remove members; conditions on them enforce the plan and the last owner. */
  memberCount: number;
  ownerCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** An organisation its owner deleted: kept (outside the tenant's partitions) until the purge has finished. */
export interface OrganizationPurgeRecord {
  [key: string]: unknown;
  organizationId: string;
  name: string;
  memberCount: number;
  requestedBy: string;
  requestedAt: string;
  requestedAtMs: number;
  /** When the first sweep ran (absent until then); the next is the last, after the settle time. */
  lastSweptAtMs?: number;
}

/** Kept when a member leaves or is removed (keys.ts `formerMemberKey`). */
export interface FormerMemberRecord {
  [key: string]: unknown;
  orgId: string;
  userId: string;
  /** The role they had when they went. */
  role: OrgRole;
  leftAt: string;
}

export interface MembershipRecord {
  [key: string]: unknown;
  orgId: string;
  userId: string;
  role: OrgRole;
  joinedAt: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface InvitationRecord {
  [key: string]: unknown;
  id: string;
  orgId: string;
  email: string;
  emailNormalised: string;
  role: OrgRole;
  status: InvitationStatus;
  tokenHash: string;
  invitedBy: string;
  createdAt: string;
  /** Epoch ms after which the invitation can no longer be accepted. */
  expiresAtMs: number;
  acceptedBy?: string;
  acceptedAt?: string;
  revokedBy?: string;
  revokedAt?: string;
}

export interface InvitationTokenRecord {
  [key: string]: unknown;
  orgId: string;
  invitationId: string;
}

export interface RefreshFamilyRecord {
  [key: string]: unknown;
  familyId: string;
  userId: string;
  createdAt: string;
  revokedAt?: string;
  revokedReason?: 'logout' | 'reuse' | 'password_changed' | 'account_deleted';
}

export interface RefreshTokenRecord {
  [key: string]: unknown;
  userId: string;
  familyId: string;
  issuedAtMs: number;
  /** Set when the token has been exchanged; presenting it again is reuse. */
  usedAtMs?: number;
}

export interface ThrottleRecord {
  [key: string]: unknown;
  failures: number;
  lockedUntilMs?: number;
}

export interface SigningKeyRecord {
  [key: string]: unknown;
  kid: string;
  privateJwk: JsonWebKeyRecord;
  publicJwk: JsonWebKeyRecord;
  createdAtMs: number;
  /** When a newer key became active; the key stays published until its last token has expired. */
  retiredAtMs?: number;
}

export interface ActiveSigningKeyRecord {
  [key: string]: unknown;
  kid: string;
}

/** A JWK as plain JSON (node:crypto's JsonWebKey has optional fields we do not need to type). */
export type JsonWebKeyRecord = Record<string, string>;

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditRecord {
  [key: string]: unknown;
  id: string;
  orgId: string;
  /** User id, or `anonymous` / `system`. Only the id is kept, so deleting the user leaves no personal data here. */
  actorId: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  at: string;
  requestId: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}
