/** `/.well-known/jwks.json`: the public keys that verify the built-in provider's access tokens. */
import { z } from 'zod';

export const JwksResponse = z
  .object({
    /** Public JWKs (`kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`), newest first. */
    keys: z.array(z.record(z.string(), z.string())),
  })
  .meta({ id: 'JwksResponse' });
export type JwksResponse = z.infer<typeof JwksResponse>;
