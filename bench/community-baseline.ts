/**
 * The bare versions of the community scenarios: the same token check as the education baseline, then
 * the same reads and writes as the platform's routes, statement for statement, on the platform's SQLite
 * file (better-sqlite3, the store's own SQL: a live-row SELECT per key, `getMany` in one transaction,
 * conditional writes and transactions under BEGIN IMMEDIATE, the same upsert), with the same pure core
 * functions for the work that is not storage (word screening, the lexicon scorer, fingerprints, trust
 * levels, markdown rendering, views). Only the framework, the middleware and the store layer differ.
 *
 * Per request (the platform's, counted with a wrapped store):
 *   feed   actor (1 getMany) · feed page (1 query) · my reactions on the page (1 getMany)
 *   create actor · trust (profile get, org+member getMany, standing get, first-seen get) · word list get ·
 *          fingerprint get · fingerprint conditional put · author card (profile get, member+user getMany) ·
 *          post transaction (post put, public entry delete, profile add) · event (counter add, put) · audit put
 *   react  actor · post get · my reactions getMany · transaction (reaction put|delete, counter add) ·
 *          post get · event (counter add, put) · audit put
 */
import { createHash, createPublicKey, type JsonWebKey, randomBytes, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database, Statement } from 'better-sqlite3';
import { querySql } from '../packages/adapters/src/sqlite/sqlite-query-sql.ts';
import { extractLinks, linkMentions, renderMarkdown } from '../packages/core/src/community/markdown.ts';
import type { PostRecord, ReactionType } from '../packages/core/src/community/records.ts';
import { reactionTypes } from '../packages/core/src/community/records.ts';
import { reactionCountsOf, toPostView } from '../packages/core/src/community/views.ts';
import type { OrgRole } from '../packages/core/src/identity/roles.ts';
import { normaliseForFingerprint } from '../packages/core/src/moderation/posting-limits.ts';
import type { BuiltInAction } from '../packages/core/src/moderation/records.ts';
import { lexiconScore } from '../packages/core/src/moderation/toxicity.ts';
import { computeTrustLevel, trustLimits } from '../packages/core/src/moderation/trust-levels.ts';
import { screenText } from '../packages/core/src/moderation/word-rules.ts';
import { createIds } from '../packages/core/src/shared/ids.ts';
import { sendJson } from './baseline-frame.ts';
import { communitySession } from './community-session.ts';

interface Row {
  pk: string;
  sk: string;
  gsi1pk: string | null;
  gsi1sk: string | null;
  gsi2pk: string | null;
  gsi2sk: string | null;
  expires_at: number | null;
  version: number;
  data: string;
}
type Key = { pk: string; sk: string };
type Data = Record<string, unknown>;

const columns = 'pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expires_at, version, data';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => resolve(raw));
    request.on('error', reject);
  });
}

/** The store's statements, and its read and write shapes, without the store. */
function bareStore(db: Database) {
  const selectLive: Statement<[string, string, number], Row> = db.prepare(
    `SELECT ${columns} FROM items WHERE pk = ? AND sk = ? AND (expires_at IS NULL OR expires_at > ?)`,
  );
  const selectAny: Statement<[string, string], Row> = db.prepare(
    `SELECT ${columns} FROM items WHERE pk = ? AND sk = ?`,
  );
  const upsert = db.prepare(
    `INSERT INTO items (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (pk, sk) DO UPDATE SET gsi1pk = excluded.gsi1pk, gsi1sk = excluded.gsi1sk,
       gsi2pk = excluded.gsi2pk, gsi2sk = excluded.gsi2sk, expires_at = excluded.expires_at,
       version = excluded.version, data = excluded.data`,
  );
  const deleteRow = db.prepare('DELETE FROM items WHERE pk = ? AND sk = ? RETURNING expires_at');
  const feedPage: Statement<Record<string, string | number>, Row> = db.prepare(
    querySql({ index: 'gsi1', operator: 'none', reverse: true, resumes: false }, columns),
  );
  const now = () => Date.now() / 1000;
  const live = (key: Key, at: number) => {
    const row = selectAny.get(key.pk, key.sk);
    return row && (row.expires_at === null || row.expires_at > at) ? row : undefined;
  };
  interface Put extends Key {
    gsi1pk?: string;
    gsi1sk?: string;
    gsi2pk?: string;
    gsi2sk?: string;
    expiresAt?: number;
    data: Data;
  }
  const write = (item: Put, version: number) =>
    upsert.run(
      item.pk,
      item.sk,
      item.gsi1pk ?? null,
      item.gsi1sk ?? null,
      item.gsi2pk ?? null,
      item.gsi2sk ?? null,
      item.expiresAt ?? null,
      version,
      JSON.stringify(item.data),
    );
  /** Read, add to numeric fields, write back with the next version (the store's update with `add`). */
  const addTo = (key: Key, add: Record<string, number>, at: number, condition?: (data: Data) => boolean) => {
    const row = live(key, at);
    const data: Data = row ? JSON.parse(row.data) : {};
    if (condition && !condition(data)) throw new Error('condition failed');
    for (const [field, delta] of Object.entries(add)) data[field] = ((data[field] as number | undefined) ?? 0) + delta;
    upsert.run(
      key.pk,
      key.sk,
      row?.gsi1pk ?? null,
      row?.gsi1sk ?? null,
      row?.gsi2pk ?? null,
      row?.gsi2sk ?? null,
      row?.expires_at ?? null,
      (row?.version ?? 0) + 1,
      JSON.stringify(data),
    );
    return data;
  };
  const readMany = db.transaction((keys: Key[], at: number) =>
    keys.flatMap((key) => selectLive.get(key.pk, key.sk, at) ?? []),
  );
  const putIfAbsent = db.transaction((item: Put, at: number) => {
    if (live(item, at)) throw new Error('exists');
    write(item, 1);
  });
  const add = db.transaction((key: Key, fields: Record<string, number>, at: number) => addTo(key, fields, at));
  return {
    now,
    get: <T = Data>(key: Key): T | undefined => {
      const row = selectLive.get(key.pk, key.sk, now());
      return row ? (JSON.parse(row.data) as T) : undefined;
    },
    getMany: <T = Data>(keys: Key[]): T[] => readMany(keys, now()).map((row) => JSON.parse(row.data) as T),
    putIfAbsent: (item: Put) => putIfAbsent.immediate(item, now()),
    put: (item: Put) => write(item, 1),
    add: (key: Key, fields: Record<string, number>) => add.immediate(key, fields, now()),
    feed: (pk: string, limit: number) => feedPage.all({ pk, now: now(), limit: limit + 1 }).slice(0, limit),
    transaction: <A extends unknown[]>(work: (at: number, ...args: A) => void) => {
      const run = db.transaction(work);
      return (...args: A) => run.immediate(now(), ...args);
    },
    live,
    write,
    addTo,
    deleteRow: (key: Key) => deleteRow.get(key.pk, key.sk),
  };
}

export function communityBaseline(db: Database) {
  const session = communitySession();
  const store = bareStore(db);
  const ids = createIds();
  const verifyBearer = bearerVerifier(session);
  const orgId = session.orgId;
  const T = `T#${orgId}`;

  /** The actor: the token's user, their membership and the organisation, in one getMany. */
  function actorOf(request: IncomingMessage): { userId: string; role: OrgRole } | undefined {
    const userId = verifyBearer(request);
    if (!userId || request.headers['x-organization-id'] !== orgId) return undefined;
    const [user, member, org] = store.getMany([
      { pk: `USER#${userId}`, sk: 'PROFILE' },
      { pk: T, sk: `MEMBER#${userId}` },
      { pk: T, sk: 'ORG' },
    ]);
    return user && member && org ? { userId, role: (member as { role: OrgRole }).role } : undefined;
  }
  const refuse = (response: ServerResponse) => sendJson(response, 401, { error: { code: 'unauthenticated' } });
  const actorFor = (userId: string, role: OrgRole) => ({ userId, orgId, role, plan: 'free' as const });

  const myReactions = (userId: string, postIds: string[]) => {
    const keys = postIds.flatMap((id) =>
      reactionTypes.map((type) => ({ pk: `${T}#REACT#${userId}`, sk: `${id}#${type}` })),
    );
    const mine = new Map<string, ReactionType[]>();
    for (const r of store.getMany<{ targetId: string; type: ReactionType }>(keys)) {
      mine.set(r.targetId, [...(mine.get(r.targetId) ?? []), r.type]);
    }
    return mine;
  };

  const feed = (request: IncomingMessage, response: ServerResponse) => {
    const actor = actorOf(request);
    if (!actor) return refuse(response);
    const posts = store
      .feed(`${T}#FEED`, 20)
      .map((row) => JSON.parse(row.data) as PostRecord)
      .filter((post) => post.state === 'published');
    const mine = myReactions(
      actor.userId,
      posts.map((post) => post.id),
    );
    const viewer = actorFor(actor.userId, actor.role);
    sendJson(response, 200, {
      items: posts.map((post) => toPostView(viewer, post, mine.get(post.id) ?? [])),
      nextCursor: null,
    });
  };

  const audit = (actorId: string, action: string, targetType: string, targetId: string) => {
    const id = ids.next('aud');
    store.putIfAbsent({
      pk: `${T}#AUDIT`,
      sk: `AUD#${id}`,
      gsi1pk: `AUDIT_ACTOR#${actorId}`,
      gsi1sk: `${T}#${id}`,
      gsi2pk: `${T}#AUDIT_ACTION#${action}`,
      gsi2sk: id,
      data: {
        id,
        orgId,
        actorId,
        action,
        targetType,
        targetId,
        at: new Date().toISOString(),
        requestId: randomBytes(8).toString('hex'),
        outcome: 'success',
      },
    });
  };
  const event = (type: string, payload: Data) => {
    const pk = `${T}#COMMUNITY#EVLOG`;
    const { seq } = store.add({ pk, sk: 'SEQ' }, { seq: 1 }) as { seq: number };
    store.put({
      pk,
      sk: `EV#${String(seq).padStart(12, '0')}`,
      data: { type, at: new Date().toISOString(), payload },
      expiresAt: Math.floor(Date.now() / 1000) + 7 * 24 * 3600,
    });
  };

  const savePost = store.transaction((at, post: PostRecord, profileKey: Key) => {
    const key = { pk: `${T}#POST#${post.id}`, sk: 'POST' };
    const publicKey = { pk: key.pk, sk: 'PUBLIC' };
    if (store.live(key, at)) throw new Error('exists');
    store.live(publicKey, at);
    store.live(profileKey, at);
    store.write(
      {
        ...key,
        gsi1pk: `${T}#FEED`,
        gsi1sk: post.id,
        gsi2pk: `${T}#AUTHOR#${post.authorId}`,
        gsi2sk: post.id,
        data: post,
      },
      1,
    );
    store.deleteRow(publicKey);
    store.addTo(profileKey, { posts: 1 }, at);
  });

  const create = async (request: IncomingMessage, response: ServerResponse) => {
    const input = JSON.parse(await readBody(request)) as { title: string; content: string; tags?: string[] };
    const actor = actorOf(request);
    if (!actor) return refuse(response);
    const { userId } = actor;
    const title = input.title.trim();
    const content = input.content.trim();
    const id = ids.next('pst');
    // Trust: community's counters, the organisation's size, standing, first seen.
    const profileKey = { pk: `${T}#COMMUNITY`, sk: `PROFILE#${userId}` };
    const profile = store.get<{ posts?: number; comments?: number; reactionsReceived?: number }>(profileKey);
    const [org, member] = store.getMany<Data>([
      { pk: T, sk: 'ORG' },
      { pk: T, sk: `MEMBER#${userId}` },
    ]);
    const standing = store.get<{ upheldFlagsAgainst?: number; removals?: number }>({
      pk: `${T}#MOD`,
      sk: `STANDING#${userId}`,
    });
    const seen = store.get<{ at: string }>({ pk: `${T}#MOD`, sk: `SEEN#${userId}` });
    const level = computeTrustLevel({
      postCount: profile?.posts ?? 0,
      commentCount: profile?.comments ?? 0,
      reactionsReceived: profile?.reactionsReceived ?? 0,
      daysSinceJoined: seen ? (Date.now() - Date.parse(seen.at)) / 86_400_000 : 0,
      upheldFlagsAgainst: standing?.upheldFlagsAgainst ?? 0,
      removals: standing?.removals ?? 0,
    });
    const memberCount = (org as { memberCount?: number } | undefined)?.memberCount;
    const limits = trustLimits(level, memberCount === undefined ? {} : { memberCount });
    // Words, limits, toxicity, duplicates (staff are not rate limited).
    const words = store.get<{ rules?: []; builtInAction?: BuiltInAction }>({ pk: `${T}#MOD`, sk: 'WORDS' });
    const screened = await screenText(content, words?.rules ?? [], words?.builtInAction ?? 'hold');
    const screenedTitle = await screenText(title, words?.rules ?? [], words?.builtInAction ?? 'hold');
    // The session's word list censors (see community-session.ts); a block or hold is not this path.
    const stops = [...screened.matches, ...screenedTitle.matches].some((match) => match.action !== 'censor');
    if (new Set(await extractLinks(content)).size > limits.links || stops) {
      throw new Error(`not the publishing path: ${title}`);
    }
    lexiconScore(`${screenedTitle.text}\n${screened.text}`);
    const hash = createHash('sha256').update(normaliseForFingerprint(title, content)).digest('hex');
    const fingerprint = { pk: `${T}#MOD`, sk: `FP#${userId}#${hash}` };
    if (store.get(fingerprint)) {
      console.error(`community baseline: duplicate ${title}`);
      return sendJson(response, 422, { error: { code: 'content_rejected' } });
    }
    store.putIfAbsent({
      ...fingerprint,
      data: { contentId: id, at: new Date().toISOString() },
      expiresAt: Math.ceil(Date.now() / 1000 + 86_400),
    });
    // The author card.
    const card = store.get<{ name?: string; avatarUrl?: string }>(profileKey);
    const [, user] = store.getMany<{ name?: string }>([
      { pk: T, sk: `MEMBER#${userId}` },
      { pk: `USER#${userId}`, sk: 'PROFILE' },
    ]);
    const at = new Date().toISOString();
    const post: PostRecord = {
      id,
      organizationId: orgId,
      authorId: userId,
      authorProfile: {
        name: card?.name || user?.name || 'Member',
        role: actor.role,
        avatarUrl: card?.avatarUrl ?? null,
      },
      title: screenedTitle.text,
      content: screened.text,
      contentHtml: await renderMarkdown(linkMentions(screened.text, new Map())),
      contentType: 'text',
      attachments: [],
      tags: input.tags ?? [],
      visibility: 'organization',
      state: 'published',
      stateReasons: [],
      views: 0,
      comments: 0,
      shares: 0,
      r_like: 0,
      r_love: 0,
      r_insight: 0,
      r_question: 0,
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    void member;
    savePost(post, profileKey);
    event('post.created', { postId: id, organizationId: orgId, authorId: userId });
    audit(userId, 'community.post_create', 'post', id);
    sendJson(response, 201, toPostView(actorFor(userId, actor.role), post));
  };

  const toggle = store.transaction(
    (at, active: boolean, reaction: Key & { data: Data }, postKey: Key, type: string) => {
      const exists = store.live(reaction, at) !== undefined;
      if (exists === active) throw new Error('condition failed');
      if (active) store.write(reaction, 1);
      else store.deleteRow(reaction);
      store.addTo(postKey, { [`r_${type}`]: active ? 1 : -1 }, at, (post) => post.state === 'published');
    },
  );

  const react = async (request: IncomingMessage, response: ServerResponse) => {
    const { reactionType } = JSON.parse(await readBody(request)) as { reactionType: ReactionType };
    const actor = actorOf(request);
    if (!actor) return refuse(response);
    const postId = /^\/api\/community\/posts\/(pst_[0-9A-Z]{26})\/react$/.exec(request.url ?? '')?.[1];
    if (!postId) return sendJson(response, 404, { error: { code: 'not_found' } });
    const postKey = { pk: `${T}#POST#${postId}`, sk: 'POST' };
    const post = store.get<PostRecord>(postKey);
    if (post?.state !== 'published') return sendJson(response, 404, { error: { code: 'not_found' } });
    const before = myReactions(actor.userId, [post.id]).get(post.id) ?? [];
    const active = !before.includes(reactionType);
    const mine = active
      ? reactionTypes.filter((t) => t === reactionType || before.includes(t))
      : before.filter((t) => t !== reactionType);
    toggle(
      active,
      {
        pk: `${T}#REACT#${actor.userId}`,
        sk: `${post.id}#${reactionType}`,
        data: {
          targetId: post.id,
          targetKind: 'post',
          postId: post.id,
          type: reactionType,
          at: new Date().toISOString(),
        },
      },
      postKey,
      reactionType,
    );
    const reactionCounts = reactionCountsOf(store.get<PostRecord>(postKey) ?? {});
    event('reactions.changed', {
      postId: post.id,
      organizationId: orgId,
      targetKind: 'post',
      targetId: post.id,
      reactionCounts,
    });
    audit(actor.userId, 'community.react', 'post', post.id);
    sendJson(response, 200, {
      targetKind: 'post',
      targetId: post.id,
      reactionType,
      active,
      reactionCounts,
      myReactions: mine,
    });
  };

  const guard =
    (handler: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void) =>
    (request: IncomingMessage, response: ServerResponse) => {
      Promise.resolve(handler(request, response)).catch((error: unknown) => {
        // In the baseline's log: a failing baseline is a broken comparison, not a result.
        console.error(`community baseline ${request.method} ${request.url}: ${String(error)}`);
        sendJson(response, 500, { error: { code: 'internal', message: String(error) } });
      });
    };
  return { feed: guard(feed), create: guard(create), react: guard(react) };
}

/** ES256 access-token verification with the platform's published keys (as education-baseline.ts). */
function bearerVerifier(session: { jwks: Record<string, unknown>[]; issuer: string; clientId: string }) {
  const keys = new Map(
    session.jwks.map((jwk) => [jwk.kid as string, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })]),
  );
  return (request: IncomingMessage): string | undefined => {
    const token = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const [h, c, s] = token?.split('.') ?? [];
    if (!h || !c || !s) return undefined;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg: string; kid: string };
    const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
    const key = keys.get(header.kid);
    if (header.alg !== 'ES256' || !key) return undefined;
    if (!verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')))
      return undefined;
    if (claims.iss !== session.issuer || claims.client_id !== session.clientId || claims.token_use !== 'access')
      return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return undefined;
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  };
}
