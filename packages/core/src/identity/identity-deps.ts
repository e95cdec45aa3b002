/** What every identity use case receives as its first argument. Built once by `createIdentity`. */
import type { ItemStore } from '../ports/item-store.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { AccountExtensions } from './account-extensions.ts';
import type { LoginThrottleSettings } from './login-throttle.ts';
import type { ScryptParams } from './password-hash.ts';
import type { SigningKeyCache } from './signing-keys.ts';

export interface IdentitySettings {
  /** `iss` of the access tokens we sign, e.g. the public origin of the API. */
  issuer: string;
  /** `client_id` and `aud` of the access tokens we sign. */
  clientId: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  invitationTtlMs: number;
  passwordHashing: ScryptParams;
  loginThrottle: LoginThrottleSettings;
  /** How long a process trusts its cached view of the signing keys before reading them again. */
  signingKeyCacheMs: number;
}

export interface IdentityDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  settings: IdentitySettings;
  keyCache: SigningKeyCache;
  extensions: AccountExtensions;
}
