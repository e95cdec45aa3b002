/**
 * What the community scenarios need before they run: a signed-in member with a feed to read and a post
 * to react to. Made through the platform's own HTTP API right after it starts (before the baseline
 * starts, which reads it from BENCH_COMMUNITY_SESSION): one user signs up (the owner of their new
 * organisation, so moderation's daily posting rate, which staff are exempt from, does not cap a
 * benchmark that writes thousands of posts; every other check runs) and writes 20 posts of markdown.
 */
import { call } from './education-session.ts';

export interface CommunityBenchSession {
  accessToken: string;
  orgId: string;
  /** The post the pre-flight reacts to. */
  postId: string;
  /** Every post made, newest last: the reaction scenario spreads its toggles over them. */
  postIds: string[];
  jwks: Record<string, unknown>[];
  issuer: string;
  clientId: string;
}

const envName = 'BENCH_COMMUNITY_SESSION';

export async function prepareCommunitySession(baseUrl: string): Promise<CommunityBenchSession> {
  const stamp = Date.now();
  const member = await call<{ accessToken: string; user: { personalOrganizationId: string } }>(
    baseUrl,
    'POST',
    '/api/auth/signup',
    undefined,
    { name: 'Bench Poster', email: `bench-poster-${stamp}@example.com`, password: 'Bench-Scales-Modes-9' },
  );
  const orgId = member.user.personalOrganizationId;
  // Built-in profanity is censored here, not held: obscenity reads digits as letters (455 → ass), so a
  // unique body can hit the list, and a held post is other work (a moderation case) than a published one.
  await call(
    baseUrl,
    'PUT',
    '/api/community/moderation/words',
    member.accessToken,
    { words: [], builtInAction: 'censor' },
    orgId,
  );
  const postIds: string[] = [];
  for (let n = 1; n <= 20; n++) {
    const post = await call<{ id: string; state: string }>(
      baseUrl,
      'POST',
      '/api/community/posts',
      member.accessToken,
      {
        title: `Week ${n}: gradients`,
        content: `**Question ${n}.** Why does the loss plateau after epoch ${n}?\n\n- learning rate\n- batch size\n\n\`lr = 3e-4\``,
        tags: ['bench', `week${n}`],
      },
      orgId,
    );
    if (post.state !== 'published') throw new Error(`bench setup: post ${n} was ${post.state}`);
    postIds.push(post.id);
  }
  const jwks = await call<{ keys: Record<string, unknown>[] }>(baseUrl, 'GET', '/.well-known/jwks.json');
  const claims = JSON.parse(Buffer.from(member.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    iss: string;
    client_id: string;
  };
  return {
    accessToken: member.accessToken,
    orgId,
    postId: postIds.at(-1) as string,
    postIds,
    jwks: jwks.keys,
    issuer: claims.iss,
    clientId: claims.client_id,
  };
}

export function publishCommunitySession(session: CommunityBenchSession): void {
  process.env[envName] = JSON.stringify(session);
}

export function communitySession(): CommunityBenchSession {
  const text = process.env[envName];
  if (!text) throw new Error(`${envName} is not set: run the community scenarios through bench/run.ts`);
  return JSON.parse(text) as CommunityBenchSession;
}

export const hasCommunitySession = () => process.env[envName] !== undefined;
