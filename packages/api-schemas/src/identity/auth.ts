/** Built-in sign-up, login, refresh and logout (absent, 404, when AUTH=cognito). */
import { z } from 'zod';
import { PlatformRole } from './roles.ts';

export const User = z
  .object({
    id: z.string(),
    /** Null for accounts from an external provider that gave no verified address. */
    email: z.string().nullable(),
    name: z.string(),
    platformRole: PlatformRole.optional(),
    personalOrganizationId: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

// Bounds only: the domain applies the real rules (strength, format) and says which one failed.
const email = z.string().min(1).max(320);
const password = z.string().min(1).max(4096);

export const SignupRequest = z
  .object({ email, password, name: z.string().min(1).max(400) })
  .meta({ id: 'SignupRequest' });
export type SignupRequest = z.infer<typeof SignupRequest>;

export const LoginRequest = z.object({ email, password }).meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(512) }).meta({ id: 'RefreshRequest' });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const LogoutRequest = RefreshRequest.meta({ id: 'LogoutRequest' });
export type LogoutRequest = z.infer<typeof LogoutRequest>;

export const TokensResponse = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal('Bearer'),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int().positive(),
    user: User,
  })
  .meta({ id: 'TokensResponse' });
export type TokensResponse = z.infer<typeof TokensResponse>;
