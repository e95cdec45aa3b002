/**
 * Identity: users, organisations, memberships, invitations, sessions and tokens, the audit log and the
 * account (export, deletion). `createIdentity` binds the use cases to their dependencies; the API calls
 * the facade and never the store. Other modules import from here only.
 */
import type { ItemStore } from '../ports/item-store.ts';
import type { JobHandlers } from '../ports/job-queue.ts';
import type { WriteAndSend } from '../ports/write-and-send.ts';
import type { Actor, Principal } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { verifyBuiltInAccessToken } from './access-token.ts';
import { type AccountExtensions, createAccountExtensions } from './account-extensions.ts';
import { actAsPlatformAdmin } from './act-as-platform-admin.ts';
import { changeMemberRole } from './change-member-role.ts';
import { changePassword } from './change-password.ts';
import { createFirstPlatformAdmin } from './create-first-platform-admin.ts';
import { createInvitation } from './create-invitation.ts';
import { createOrganization } from './create-organization.ts';
import { deleteAccount } from './delete-account.ts';
import { deleteOrganization } from './delete-organization.ts';
import { exportAccount } from './export-account.ts';
import { findMember } from './find-member.ts';
import { getMe } from './get-me.ts';
import { getOrganization } from './get-organization.ts';
import type { IdentityDeps, IdentitySettings } from './identity-deps.ts';
import { leaveOrganization } from './leave-organization.ts';
import { listAllOrganizations } from './list-all-organizations.ts';
import { listAudit } from './list-audit.ts';
import { listInvitations } from './list-invitations.ts';
import { listMembers } from './list-members.ts';
import { listMyOrganizations } from './list-my-organizations.ts';
import { login } from './login.ts';
import { defaultLoginThrottleSettings, type LoginThrottleSettings } from './login-throttle.ts';
import { logout } from './logout.ts';
import { membersWithRoles } from './members-with-roles.ts';
import { defaultScryptParams, type ScryptParams } from './password-hash.ts';
import { organizationPurgeJobTypes, purgeOrganizationJob, purgePendingOrganizations } from './purge-organization.ts';
import { recordAudit } from './record-audit.ts';
import { refresh } from './refresh.ts';
import { removeMember } from './remove-member.ts';
import { renameOrganization } from './rename-organization.ts';
import { resolveActor, resolvePrincipal } from './resolve-actor.ts';
import { revokeInvitation } from './revoke-invitation.ts';
import { setOrganizationPlan } from './set-organization-plan.ts';
import { createSigningKeyCache, getJwks, rotateSigningKey } from './signing-keys.ts';
import { signup } from './signup.ts';
import { transferOwnership } from './transfer-ownership.ts';
import { updateProfile } from './update-profile.ts';
import type { VerifiedIdentity } from './verified-identity.ts';

export interface IdentityOptions {
  store: ItemStore;
  clock?: Clock;
  ids?: Ids;
  /** `iss` of our access tokens (the API's public origin). */
  issuer: string;
  /** `client_id` / `aud` of our access tokens. */
  clientId: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  invitationTtlMs?: number;
  /** Defaults to scrypt N = 2^15, r = 8, p = 1; tests may lower it, production should not. */
  passwordHashing?: ScryptParams;
  loginThrottle?: Partial<LoginThrottleSettings>;
  signingKeyCacheMs?: number;
  extensions?: AccountExtensions;
  /** Sends organisation deletion's purge job with the deletion's writes; without it the purge runs inline. */
  writeAndSend?: WriteAndSend;
  organizationPurgeSettleMs?: number;
}

export function createIdentityDeps(options: IdentityOptions): IdentityDeps {
  const clock = options.clock ?? systemClock;
  const settings: IdentitySettings = {
    issuer: options.issuer,
    clientId: options.clientId,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 15 * 60,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 24 * 60 * 60,
    invitationTtlMs: options.invitationTtlMs ?? 7 * 24 * 60 * 60 * 1000,
    passwordHashing: options.passwordHashing ?? defaultScryptParams,
    loginThrottle: { ...defaultLoginThrottleSettings, ...options.loginThrottle },
    signingKeyCacheMs: options.signingKeyCacheMs ?? 60 * 1000,
    // A workbench run lasts at most 60 minutes (run-limits.ts), so nothing in flight outlives this.
    organizationPurgeSettleMs: options.organizationPurgeSettleMs ?? 65 * 60 * 1000,
  };
  return {
    store: options.store,
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    settings,
    keyCache: createSigningKeyCache(),
    extensions: options.extensions ?? createAccountExtensions(),
    ...(options.writeAndSend ? { writeAndSend: options.writeAndSend } : {}),
  };
}

type Bound<F> = F extends (deps: IdentityDeps, ...rest: infer A) => infer R ? (...args: A) => R : never;

function bind<F extends (deps: IdentityDeps, ...rest: never[]) => unknown>(deps: IdentityDeps, fn: F): Bound<F> {
  return ((...args: never[]) => fn(deps, ...args)) as Bound<F>;
}

export function createIdentity(options: IdentityOptions) {
  const deps = createIdentityDeps(options);
  return {
    // Sessions and tokens (built-in provider)
    signup: bind(deps, signup),
    login: bind(deps, login),
    refresh: bind(deps, refresh),
    logout: bind(deps, logout),
    getJwks: bind(deps, getJwks),
    rotateSigningKey: bind(deps, rotateSigningKey),
    verifyBuiltInAccessToken: bind(deps, verifyBuiltInAccessToken),
    // Who is calling
    resolveActor: bind(deps, resolveActor),
    resolvePrincipal: bind(deps, resolvePrincipal),
    getMe: bind(deps, getMe),
    // Organisations and members
    createOrganization: bind(deps, createOrganization),
    listMyOrganizations: bind(deps, listMyOrganizations),
    getOrganization: bind(deps, getOrganization),
    renameOrganization: bind(deps, renameOrganization),
    listMembers: bind(deps, listMembers),
    findMember: bind(deps, findMember),
    membersWithRoles: bind(deps, membersWithRoles),
    changeMemberRole: bind(deps, changeMemberRole),
    removeMember: bind(deps, removeMember),
    leaveOrganization: bind(deps, leaveOrganization),
    transferOwnership: bind(deps, transferOwnership),
    deleteOrganization: bind(deps, deleteOrganization),
    createInvitation: bind(deps, createInvitation),
    listInvitations: bind(deps, listInvitations),
    revokeInvitation: bind(deps, revokeInvitation),
    acceptInvitation: bind(deps, acceptInvitation),
    // Platform administration
    setOrganizationPlan: bind(deps, setOrganizationPlan),
    listAllOrganizations: bind(deps, listAllOrganizations),
    actAsPlatformAdmin: bind(deps, actAsPlatformAdmin),
    createFirstPlatformAdmin: bind(deps, createFirstPlatformAdmin),
    // Audit log
    recordAudit: bind(deps, recordAudit),
    listAudit: bind(deps, listAudit),
    // Account
    updateProfile: bind(deps, updateProfile),
    changePassword: bind(deps, changePassword),
    exportAccount: bind(deps, exportAccount),
    deleteAccount: bind(deps, deleteAccount),
    registerAccountExporter: deps.extensions.registerExporter,
    registerAccountDeletionHook: deps.extensions.registerDeletionHook,
    registerOrganizationPurge: deps.extensions.registerOrganizationPurge,
    /** The purge of deleted organisations: the job each deletion sends, and the periodic catch-up. */
    jobHandlers: {
      [organizationPurgeJobTypes.purge]: async (job) => {
        await purgeOrganizationJob(deps, job.payload);
      },
      [organizationPurgeJobTypes.catchUp]: async () => {
        await purgePendingOrganizations(deps);
      },
    } satisfies JobHandlers,
  };
}

export type Identity = ReturnType<typeof createIdentity>;

export type { AcceptInvitationInput, AcceptInvitationResult } from './accept-invitation.ts';
export { tokenLeewaySeconds } from './access-token.ts';
export type {
  AccountDeletionContext,
  AccountDeletionHook,
  AccountExportContext,
  AccountExporter,
  AccountExtensions,
  OrganizationPurge,
  OrganizationPurgeContext,
} from './account-extensions.ts';
export { createAccountExtensions } from './account-extensions.ts';
export type { ChangeMemberRoleInput } from './change-member-role.ts';
export type { ChangePasswordInput } from './change-password.ts';
export {
  type CognitoVerifierOptions,
  cognitoIssuer,
  createCognitoVerifier,
  type JsonWebKeySet,
} from './cognito-verifier.ts';
export type { CreateFirstPlatformAdminInput, CreateFirstPlatformAdminResult } from './create-first-platform-admin.ts';
export type { CreateInvitationInput, CreateInvitationResult } from './create-invitation.ts';
export type { CreateOrganizationInput } from './create-organization.ts';
export type { DeleteAccountInput, DeleteAccountResult } from './delete-account.ts';
export type { DeleteOrganizationInput, DeleteOrganizationResult } from './delete-organization.ts';
export type { AccountExport } from './export-account.ts';
export type { Me, MembershipSummary } from './get-me.ts';
export type { IdentityDeps, IdentitySettings } from './identity-deps.ts';
export { generateKeyPair, type KeyPair, type KeyPairSpec } from './key-pair.ts';
export type { ListAllOrganizationsInput } from './list-all-organizations.ts';
export type { ListAuditInput } from './list-audit.ts';
export type { MyOrganization } from './list-my-organizations.ts';
export type { LoginContext, LoginInput, LoginResult } from './login.ts';
export { defaultLoginThrottleSettings, type LoginThrottleSettings } from './login-throttle.ts';
export { defaultScryptParams, hashPassword, type ScryptParams, verifyPassword } from './password-hash.ts';
export { minPasswordLength, passwordWeakness } from './password-strength.ts';
export * from './plans.ts';
export { organizationPurgeJobTypes } from './purge-organization.ts';
export type { AuditEntry, RecordAuditInput } from './record-audit.ts';
export type { AuditOutcome } from './records.ts';
export type { RefreshInput, RefreshResult } from './refresh.ts';
export type { ResolveActorInput } from './resolve-actor.ts';
export * from './roles.ts';
export type { AuthTokens } from './sessions.ts';
export type { Jwks, PublicJwk } from './signing-keys.ts';
export type { SignupInput, SignupResult } from './signup.ts';
export type { TransferOwnershipInput, TransferOwnershipResult } from './transfer-ownership.ts';
export type { AccessTokenVerifier, IdentityProvider } from './verified-identity.ts';
export type { InvitationView, MemberView, OrganizationView, UserView } from './views.ts';
export type { Actor, Principal, VerifiedIdentity };
