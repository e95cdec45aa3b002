/**
 * Roles and the permissions each one grants inside an organisation (`resource:action` strings).
 * This is the one file that maps roles to permissions; use cases ask `can(role, permission)`.
 * The organisation roles are cumulative in the order member < instructor|moderator < admin < owner,
 * except that instructors and moderators each add their own area.
 */

export const orgRoles = ['owner', 'admin', 'instructor', 'moderator', 'member'] as const;
export type OrgRole = (typeof orgRoles)[number];

export const platformRoles = ['platform_admin'] as const;
export type PlatformRole = (typeof platformRoles)[number];

const memberPermissions = [
  'org:read',
  'member:read',
  'profile:update',
  'module:read',
  'module:enroll',
  'post:read',
  'post:create',
  'comment:create',
  'reaction:create',
  'flag:create',
  'notification:read',
  'agent:read',
  'agent:create',
  'agent:update',
  'agent:execute',
  'run:read',
  'run:stop',
  'ai:complete',
  'ai:models_read',
] as const;

const instructorPermissions = [
  'module:create',
  'module:update',
  'module:delete',
  'module:submit',
  'module:archive',
  'module:insights',
  'upload:create',
] as const;

const moderatorPermissions = ['moderation:review', 'post:remove', 'comment:remove'] as const;

const adminPermissions = [
  'org:update',
  'member:invite',
  'member:update_role',
  'member:remove',
  'audit:read',
  'module:publish',
  'module:read_all',
  'moderation:configure',
  'agent:delete',
  'agent:publish',
  'ai:usage_read',
  'ai:limits_update',
] as const;

const ownerPermissions = ['org:delete', 'org:transfer_ownership'] as const;

export type Permission =
  | (typeof memberPermissions)[number]
  | (typeof instructorPermissions)[number]
  | (typeof moderatorPermissions)[number]
  | (typeof adminPermissions)[number]
  | (typeof ownerPermissions)[number];

const admin: readonly Permission[] = [
  ...memberPermissions,
  ...instructorPermissions,
  ...moderatorPermissions,
  ...adminPermissions,
];

export const permissionsByRole: Readonly<Record<OrgRole, ReadonlySet<Permission>>> = {
  member: new Set(memberPermissions),
  instructor: new Set([...memberPermissions, ...instructorPermissions]),
  moderator: new Set([...memberPermissions, ...moderatorPermissions]),
  admin: new Set(admin),
  owner: new Set([...admin, ...ownerPermissions]),
};

export function can(role: OrgRole, permission: Permission): boolean {
  return permissionsByRole[role].has(permission);
}

export function permissionsOf(role: OrgRole): Permission[] {
  return [...permissionsByRole[role]].sort();
}

/** Whether `actorRole` may hand out or take away `targetRole`: nobody manages a role above their own. */
export function canManageRole(actorRole: OrgRole, targetRole: OrgRole): boolean {
  if (actorRole === 'owner') return true;
  if (actorRole === 'admin') return targetRole !== 'owner';
  return false;
}
