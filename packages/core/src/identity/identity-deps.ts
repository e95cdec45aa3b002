/** What every identity use case receives as its first argument. Built once by `createIdentity`. */
import type { ItemStore } from '../ports/item-store.ts';
import type { WriteAndSend } from '../ports/write-and-send.ts';
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
  /**
   * How long a deleted organisation's sweeps go on: work already in flight when it was deleted (a
   * workbench step, at most a run's longest duration) may still write under T#<orgId> until then.
   */
  organizationPurgeSettleMs: number;
}

export interface IdentityDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  settings: IdentitySettings;
  keyCache: SigningKeyCache;
  extensions: AccountExtensions;
  /**
   * Commits writes with the jobs that follow from them (organisation deletion sends its purge). Absent
   * (tests of the module alone), the purge runs inline instead.
   */
  writeAndSend?: WriteAndSend;
}
