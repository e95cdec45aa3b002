/**
 * Every item key the identity module writes, in one place (single-table design, DESIGN §3).
 *
 * Global (not tenant-owned):
 *   USER#<userId>             / PROFILE               the user record
 *   USER#<userId>             / RFAMILY#<familyId>    a refresh-token family (login session)
 *   EMAIL#<normalised email>  / EMAIL                 e-mail uniqueness, written in the user's transaction
 *   IDP#<provider>#<sub>      / IDP                   external subject (Cognito `sub`) → our user id
 *   REFRESH#<sha256 of token> / REFRESH               one refresh token; gsi1 USER#<userId> / REFRESH#<hash>
 *   INVTOKEN#<sha256 of token>/ INVTOKEN              invitation token → organisation and invitation
 *   THROTTLE#<scope>#<value>  / THROTTLE              login failure counter (scope: ip | account)
 *   SIGNING_KEYS              / KEY#<kid>             an ES256 signing key
 *   SIGNING_KEYS              / ACTIVE                pointer to the key that signs new tokens
 *   PLATFORM                  / FIRST_ADMIN           marker: the first platform admin exists
 *   ORG_PURGES                / <orgId>               an organisation being deleted: its items are swept until
 *                                                     this marker goes (outside T#<orgId>, so the sweep keeps it)
 *
 * Tenant-owned (partition starts with T#<orgId>):
 *   T#<orgId>                 / ORG                   the organisation record (plan, member and owner counts);
 *                                                     gsi1 ORGS / <createdAt>#<orgId> (the platform admin's list)
 *   T#<orgId>                 / MEMBER#<userId>       a membership; gsi1 USER#<userId> / ORG#<orgId>
 *   T#<orgId>                 / FORMER#<userId>       a member who left or was removed; gsi1 USER#<userId> / FORMERORG#<orgId>
 *   T#<orgId>                 / INVITE#<invitationId> an invitation
 *   T#<orgId>#AUDIT           / AUD#<auditId>         an audit entry; gsi1 by actor, gsi2 by action
 */

export const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
export const userPartition = (userId: string) => `USER#${userId}`;
export const refreshFamilyKey = (userId: string, familyId: string) => ({
  pk: `USER#${userId}`,
  sk: `RFAMILY#${familyId}`,
});
export const refreshFamilyPrefix = 'RFAMILY#';

export const emailKey = (normalisedEmail: string) => ({ pk: `EMAIL#${normalisedEmail}`, sk: 'EMAIL' });
export const externalSubjectKey = (provider: string, sub: string) => ({ pk: `IDP#${provider}#${sub}`, sk: 'IDP' });

export const refreshTokenKey = (tokenHash: string) => ({ pk: `REFRESH#${tokenHash}`, sk: 'REFRESH' });
/** Index keys that list a user's refresh tokens (so account deletion can remove them). */
export const refreshTokenIndex = (userId: string, tokenHash: string) => ({
  gsi1pk: `USER#${userId}`,
  gsi1sk: `REFRESH#${tokenHash}`,
});
export const refreshTokenIndexPrefix = 'REFRESH#';

export const invitationTokenKey = (tokenHash: string) => ({ pk: `INVTOKEN#${tokenHash}`, sk: 'INVTOKEN' });

export type ThrottleScope = 'ip' | 'account';
export const throttleKey = (scope: ThrottleScope, value: string) => ({
  pk: `THROTTLE#${scope}#${value}`,
  sk: 'THROTTLE',
});

export const signingKeysPartition = 'SIGNING_KEYS';
export const signingKeyKey = (kid: string) => ({ pk: signingKeysPartition, sk: `KEY#${kid}` });
export const signingKeyPrefix = 'KEY#';
export const activeSigningKeyKey = { pk: signingKeysPartition, sk: 'ACTIVE' };

export const firstPlatformAdminKey = { pk: 'PLATFORM', sk: 'FIRST_ADMIN' };

export const organizationPurgesPartition = 'ORG_PURGES';
export const organizationPurgeKey = (orgId: string) => ({ pk: organizationPurgesPartition, sk: orgId });

export const orgPartition = (orgId: string) => `T#${orgId}`;
export const orgKey = (orgId: string) => ({ pk: orgPartition(orgId), sk: 'ORG' });
/**
 * Every organisation, oldest first by creation: the platform admin's list. One index partition for the
 * whole platform, written once per organisation (creation is rare), read a page at a time.
 */
export const organizationsIndexPartition = 'ORGS';
export const organizationIndex = (orgId: string, createdAt: string) => ({
  gsi1pk: organizationsIndexPartition,
  gsi1sk: `${createdAt}#${orgId}`,
});

export const memberKey = (orgId: string, userId: string) => ({ pk: orgPartition(orgId), sk: `MEMBER#${userId}` });
export const memberPrefix = 'MEMBER#';
/** Index keys that list a user's organisations: query gsi1 `USER#<userId>` with sort prefix `ORG#`. */
export const memberIndex = (orgId: string, userId: string) => ({ gsi1pk: `USER#${userId}`, gsi1sk: `ORG#${orgId}` });
export const memberIndexPrefix = 'ORG#';

/**
 * Someone who left (or was removed): what they wrote stays, so deleting their account must still find
 * the organisation to anonymise it there. Listed on gsi1 like a membership, under its own prefix.
 */
export const formerMemberPrefix = 'FORMER#';
export const formerMemberKey = (orgId: string, userId: string) => ({
  pk: orgPartition(orgId),
  sk: `${formerMemberPrefix}${userId}`,
});
export const formerMemberIndex = (orgId: string, userId: string) => ({
  gsi1pk: `USER#${userId}`,
  gsi1sk: `FORMERORG#${orgId}`,
});
export const formerMemberIndexPrefix = 'FORMERORG#';

export const invitationKey = (orgId: string, invitationId: string) => ({
  pk: orgPartition(orgId),
  sk: `INVITE#${invitationId}`,
});
export const invitationPrefix = 'INVITE#';

export const auditPartition = (orgId: string) => `T#${orgId}#AUDIT`;
export const auditKey = (orgId: string, auditId: string) => ({ pk: auditPartition(orgId), sk: `AUD#${auditId}` });
export const auditPrefix = 'AUD#';
/**
 * gsi1 lists an actor's entries across every organisation (account export) and, with the sort prefix
 * `T#<orgId>#`, one organisation's entries by that actor; gsi2 lists one organisation's entries for an action.
 * Both sort keys end with the time-ordered audit id, so `reverse: true` gives newest first.
 */
export const auditIndex = (orgId: string, auditId: string, actorId: string, action: string) => ({
  gsi1pk: auditActorPartition(actorId),
  gsi1sk: `T#${orgId}#${auditId}`,
  gsi2pk: auditActionPartition(orgId, action),
  gsi2sk: auditId,
});
export const auditActorPartition = (actorId: string) => `AUDIT_ACTOR#${actorId}`;
export const auditActorOrgPrefix = (orgId: string) => `T#${orgId}#`;
export const auditActionPartition = (orgId: string, action: string) => `T#${orgId}#AUDIT_ACTION#${action}`;
