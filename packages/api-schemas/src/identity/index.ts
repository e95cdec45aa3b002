/** Wire schemas of the identity routes (issue 3): auth, me, organisations, members, invitations, audit, JWKS. */
export * from './audit.ts';
export * from './auth.ts';
export * from './auth-config.ts';
export * from './invitations.ts';
export * from './jwks.ts';
export * from './me.ts';
export * from './organizations.ts';
export * from './roles.ts';
