/**
 * `GET /api/auth/config`: how the web app signs users in on this installation. Public and free of
 * secrets: the Cognito app client is a public client (no secret); PKCE protects its code exchange.
 */
import { z } from 'zod';

export const CognitoHostedUiConfig = z
  .object({
    /** Origin of the hosted UI: `/oauth2/authorize`, `/oauth2/token` and `/logout` live under it. */
    domain: z.url(),
    clientId: z.string().min(1),
    scopes: z.array(z.string().min(1)).min(1),
    /** The registered callback (`<web origin>/auth/callback`); null: the web app's own origin + that path. */
    redirectUri: z.url().nullable(),
    /** The registered sign-out landing page; null: the web app's own origin + `/`. */
    logoutUri: z.url().nullable(),
  })
  .meta({ id: 'CognitoHostedUiConfig' });
export type CognitoHostedUiConfig = z.infer<typeof CognitoHostedUiConfig>;

export const AuthConfigResponse = z
  .discriminatedUnion('mode', [
    /** E-mail and password against `/api/auth/*`. */
    z.object({ mode: z.literal('builtin') }),
    /** Amazon Cognito; `hostedUi` null when the server has no COGNITO_DOMAIN (API clients only). */
    z.object({ mode: z.literal('cognito'), hostedUi: CognitoHostedUiConfig.nullable() }),
  ])
  .meta({ id: 'AuthConfigResponse' });
export type AuthConfigResponse = z.infer<typeof AuthConfigResponse>;
