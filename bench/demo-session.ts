/**
 * Signs the seeded demo user in on the platform and returns the headers an authenticated scenario
 * sends: the bearer token and the demo organisation as the active one. Access tokens live 15 minutes,
 * longer than a full benchmark run.
 */
const demoEmail = 'demo@diatonic.local';
const demoPassword = 'Scales-and-Modes-7';
const demoOrganizationName = 'Diatonic Demo';

export type SessionHeaders = Record<string, string>;

/**
 * The demo organisation's plan allows 20 model requests a minute; a benchmark sends thousands. A
 * platform admin raises the organisation's ceilings (the same route and scope an operator would use),
 * so the gateway's checks all still run, against limits the load does not reach.
 */
export async function raiseDemoAiCeilings(baseUrl: string, session: SessionHeaders): Promise<void> {
  const limits = { requestsPerMinute: 10_000_000, tokensPerMinute: 1_000_000_000, tokensPerDay: 1_000_000_000_000 };
  await json(
    await setupFetch(`${baseUrl}/api/ai/limits`, {
      method: 'PUT',
      headers: { ...session, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'platform', limits }),
    }),
    "raising the demo organisation's AI ceilings",
  );
}

/**
 * fetch, once more when the pooled keep-alive socket turned out to be closed: the server drops an idle
 * connection after 5 s (Node's keepAliveTimeout), and the setup idles longer than that (the
 * `create-platform-admin` CLI), so on a busy machine fetch sometimes wrote into a socket the server
 * had just closed ("other side closed") and failed the whole run. Every setup call is safe to repeat.
 */
async function setupFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
    return fetch(url, init);
  }
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function signInDemo(baseUrl: string): Promise<SessionHeaders> {
  const login = await json<{ accessToken: string; user: { personalOrganizationId: string } }>(
    await setupFetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demoEmail, password: demoPassword }),
    }),
    'demo login',
  );
  const authorization = `Bearer ${login.accessToken}`;
  const orgs = await json<{ items: { id: string; name: string }[] }>(
    await setupFetch(`${baseUrl}/api/orgs`, { headers: { authorization } }),
    'listing the demo organisations',
  );
  const demoOrg = orgs.items.find((org) => org.name === demoOrganizationName);
  return { authorization, 'x-organization-id': demoOrg?.id ?? login.user.personalOrganizationId };
}
