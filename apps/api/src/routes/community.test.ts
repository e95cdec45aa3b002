/**
 * Community routes end to end: app.request() against a real SQLite platform, through authentication,
 * validation, the facade and the store. Organisation A has an owner, two members and a moderator;
 * organisation B has its own owner.
 */
import type { Actor } from '@diatonic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  createOrg,
  expectJson,
  type Json,
  join,
  type SignedUp,
  signUp,
  strongPassword,
} from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;
let owner: SignedUp;
let alice: SignedUp;
let bob: SignedUp;
let moderator: SignedUp;
let outsider: SignedUp;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  platform = await startTempPlatform();
  call = caller(platform);
  owner = await signUp(call, 'community-owner@example.com', 'Olive Owner');
  alice = await signUp(call, 'community-alice@example.com', 'Alice Author');
  bob = await signUp(call, 'community-bob@example.com', 'Bob Reader');
  moderator = await signUp(call, 'community-mod@example.com', 'Mona Mod');
  outsider = await signUp(call, 'community-outsider@example.com', 'Otto Outsider');
  orgA = await createOrg(call, owner, 'Community A');
  orgB = outsider.personalOrgId;
  await join(call, owner, orgA, alice, 'member');
  await join(call, owner, orgA, bob, 'member');
  await join(call, owner, orgA, moderator, 'moderator');
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const as = (user: SignedUp, orgId = orgA) => ({ token: user.accessToken, orgId });
const outsiderB = () => as(outsider, orgB);

async function createPost(user: SignedUp, body: Record<string, unknown>, orgId = orgA): Promise<Json> {
  return expectJson(await call('POST', '/api/community/posts', { ...as(user, orgId), body }), 201);
}

async function feed(user: SignedUp, query = '', orgId = orgA): Promise<Json> {
  return expectJson(await call('GET', `/api/community/posts${query}`, as(user, orgId)), 200);
}

describe('posts', () => {
  it('creates a post with the plan fields and renders markdown safely', async () => {
    const post = await createPost(alice, {
      title: 'Hello **world**',
      content:
        '# Intro\n\nSee [docs](https://example.com/docs) and [bad](javascript:alert(1)).\n\n<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n[data](data:text/html;base64,PHNjcmlwdD4=)',
      tags: ['Intro', 'typescript'],
      contentType: 'rich_text',
    });
    expect(post).toMatchObject({
      title: 'Hello **world**',
      contentType: 'rich_text',
      tags: ['intro', 'typescript'],
      visibility: 'organization',
      authorId: alice.userId,
      authorProfile: { name: 'Alice Author', role: 'member', avatarUrl: null },
      metrics: { views: 0, likes: 0, comments: 0, shares: 0 },
      attachments: [],
      state: 'published',
      version: 1,
    });
    expect(post.id).toMatch(/^pst_/);
    expect(post.contentHtml).toContain('<h1>Intro</h1>');
    expect(post.contentHtml).toContain('href="https://example.com/docs"');
    expect(post.contentHtml).toContain('rel="nofollow noopener noreferrer ugc"');
    expect(post.contentHtml).not.toMatch(/<script/i);
    expect(post.contentHtml).not.toMatch(/javascript:/i);
    expect(post.contentHtml).not.toMatch(/data:text/i);
    expect(post.contentHtml).not.toMatch(/<img[^>]*onerror/i);
    // Raw HTML is shown as text, not dropped silently.
    expect(post.contentHtml).toContain('&lt;script&gt;');
    // Audited with the new post as the target.
    const audit = await expectJson<Json>(
      await call('GET', `/api/orgs/${orgA}/audit?action=community.post_create`, as(owner)),
      200,
    );
    expect(audit.items).toContainEqual(
      expect.objectContaining({ actorId: alice.userId, target: { type: 'post', id: post.id }, outcome: 'success' }),
    );
  });

  it('refuses oversized and invalid content, storing nothing', async () => {
    const before = (await feed(alice, '?authorId=' + alice.userId + '&limit=100')).items.length;
    await expectError(
      await call('POST', '/api/community/posts', { ...as(alice), body: { title: 'Big', content: 'x'.repeat(40_001) } }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('POST', '/api/community/posts', { ...as(alice), body: { title: '', content: 'empty title' } }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('POST', '/api/community/posts', {
        ...as(alice),
        body: { title: 'T', content: 'c', visibility: 'world' },
      }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('POST', '/api/community/posts', {
        ...as(alice),
        body: { title: 'T', content: 'c', attachments: ['upl_x'] },
      }),
      400,
      'invalid_input',
    );
    expect((await feed(alice, '?authorId=' + alice.userId + '&limit=100')).items.length).toBe(before);
  });

  it('counts distinct readers as views and returns the reader’s own reactions', async () => {
    const post = await createPost(alice, { title: 'Viewed', content: 'Read me' });
    await expectJson(await call('GET', `/api/community/posts/${post.id}`, as(alice)), 200);
    await expectJson(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200);
    await expectJson(
      await call('POST', `/api/community/posts/${post.id}/react`, { ...as(bob), body: { reactionType: 'insight' } }),
      200,
    );
    const seen = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200);
    // Distinct readers: Bob twice is one view, the author's own reads none; the moderator makes two.
    expect(seen.metrics.views).toBe(1);
    await expectJson(await call('GET', `/api/community/posts/${post.id}`, as(moderator)), 200);
    expect(
      (await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200)).metrics.views,
    ).toBe(2);
    expect(seen.myReactions).toEqual(['insight']);
    const byAuthor = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(alice)), 200);
    expect(byAuthor.myReactions).toEqual([]);
    expect(byAuthor.reactionCounts).toEqual({ like: 0, love: 0, insight: 1, question: 0 });
  });

  it('lets only the author edit, with an optimistic version and a history', async () => {
    const post = await createPost(alice, { title: 'Draft', content: 'First text' });
    await expectError(
      await call('PUT', `/api/community/posts/${post.id}`, { ...as(bob), body: { content: 'Hijacked', version: 1 } }),
      403,
      'forbidden',
    );
    const edited = await expectJson<Json>(
      await call('PUT', `/api/community/posts/${post.id}`, {
        ...as(alice),
        body: { content: 'Second *text*', version: 1 },
      }),
      200,
    );
    expect(edited).toMatchObject({ content: 'Second *text*', version: 2, title: 'Draft' });
    expect(edited.contentHtml).toContain('<em>text</em>');
    expect(edited.editedAt).not.toBeNull();
    // A stale version conflicts and changes nothing.
    await expectError(
      await call('PUT', `/api/community/posts/${post.id}`, { ...as(alice), body: { content: 'Stale', version: 1 } }),
      409,
      'conflict',
    );
    const history = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}/history`, as(bob)), 200);
    expect(history.items).toEqual([
      expect.objectContaining({ version: 1, title: 'Draft', content: 'First text', editedBy: alice.userId }),
    ]);
    const current = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200);
    expect(current.content).toBe('Second *text*');
  });

  it('soft-deletes for the author only, and takes the post out of the feed', async () => {
    const post = await createPost(alice, { title: 'Soon gone', content: 'Bye', tags: ['farewell'] });
    await expectError(await call('DELETE', `/api/community/posts/${post.id}`, as(bob)), 403, 'forbidden');
    await expectError(await call('DELETE', `/api/community/posts/${post.id}`, as(moderator)), 403, 'forbidden');
    expect((await call('DELETE', `/api/community/posts/${post.id}`, as(alice))).status).toBe(204);
    const read = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200);
    expect(read).toMatchObject({ state: 'deleted', title: '[deleted by author]', content: '[deleted by author]' });
    expect((await feed(bob, '?tag=farewell')).items).toEqual([]);
  });

  it('hides another organisation’s posts (404) and private posts from other members', async () => {
    const post = await createPost(alice, { title: 'A only', content: 'Inside A' });
    await expectError(await call('GET', `/api/community/posts/${post.id}`, outsiderB()), 404, 'not_found');
    await expectError(
      await call('POST', `/api/community/posts/${post.id}/react`, { ...outsiderB(), body: { reactionType: 'like' } }),
      404,
      'not_found',
    );
    await expectError(
      await call('PUT', `/api/community/posts/${post.id}`, { ...outsiderB(), body: { content: 'x', version: 1 } }),
      404,
      'not_found',
    );
    // Forging the active organisation is refused before the route runs.
    expect((await call('GET', `/api/community/posts/${post.id}`, as(outsider, orgA))).status).toBe(403);
    const unchanged = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(alice)), 200);
    expect(unchanged.reactionCounts.like).toBe(0);

    const secret = await createPost(alice, { title: 'Diary', content: 'Private', visibility: 'private' });
    await expectError(await call('GET', `/api/community/posts/${secret.id}`, as(bob)), 404, 'not_found');
    await expectError(await call('GET', `/api/community/posts/${secret.id}`, as(moderator)), 404, 'not_found');
    expect((await feed(bob)).items.map((p: Json) => p.id)).not.toContain(secret.id);
    expect((await feed(alice, `?authorId=${alice.userId}`)).items.map((p: Json) => p.id)).toContain(secret.id);
    expect((await feed(bob, `?authorId=${alice.userId}`)).items.map((p: Json) => p.id)).not.toContain(secret.id);
  });
});

describe('comments', () => {
  it('nests replies as a path, attaches past depth 8 at the limit, lists depth-first with a cursor', async () => {
    const post = await createPost(alice, { title: 'Thread', content: 'Discuss' });
    const chain: Json[] = [];
    for (let i = 0; i < 10; i++) {
      chain.push(
        await expectJson(
          await call('POST', `/api/community/posts/${post.id}/comments`, {
            ...as(i % 2 ? alice : bob),
            body: { content: `Level ${i}`, ...(i > 0 ? { parentCommentId: chain[i - 1].id } : {}) },
          }),
          201,
        ),
      );
    }
    expect(chain.map((c) => c.depth)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 7, 7]);
    expect(chain[8].parentCommentId).toBe(chain[6].id);
    expect(chain[8].replyToCommentId).toBe(chain[7].id);
    const second = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/comments`, { ...as(bob), body: { content: 'Another top' } }),
      201,
    );
    const firstPage = await expectJson<Json>(
      await call('GET', `/api/community/posts/${post.id}/comments?limit=6`, as(bob)),
      200,
    );
    expect(firstPage.items).toHaveLength(6);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const rest = await expectJson<Json>(
      await call(
        'GET',
        `/api/community/posts/${post.id}/comments?limit=50&cursor=${encodeURIComponent(firstPage.nextCursor)}`,
        as(bob),
      ),
      200,
    );
    const ids = [...firstPage.items, ...rest.items].map((c: Json) => c.id);
    // Depth-first: the chain in order (the two at the limit are siblings after chain[7]), then the new top-level one.
    expect(ids).toEqual([...chain.slice(0, 8), chain[8], chain[9], second].map((c) => c.id));
    const counted = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(alice)), 200);
    expect(counted.metrics.comments).toBe(11);
  });

  it('keeps all of 50 concurrent comments, in creation order', async () => {
    const post = await createPost(alice, { title: 'Busy', content: 'Everyone reply' });
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('POST', `/api/community/posts/${post.id}/comments`, {
          ...as(i % 2 ? bob : alice),
          body: { content: `Reply ${i}` },
        }).then((res) => expectJson<Json>(res, 201)),
      ),
    );
    const listed = await expectJson<Json>(
      await call('GET', `/api/community/posts/${post.id}/comments?limit=100`, as(bob)),
      200,
    );
    expect(listed.items).toHaveLength(50);
    const listedIds = listed.items.map((c: Json) => c.id);
    expect(listedIds).toEqual(created.map((c) => c.id).sort());
    expect(new Set(listed.items.map((c: Json) => c.content)).size).toBe(50);
    const counted = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(alice)), 200);
    expect(counted.metrics.comments).toBe(50);
  });

  it('edits and deletes only by the author; a deleted comment keeps its place', async () => {
    const post = await createPost(alice, { title: 'Edits', content: 'On comments' });
    const comment = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/comments`, { ...as(bob), body: { content: 'Frist' } }),
      201,
    );
    const reply = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/comments`, {
        ...as(alice),
        body: { content: 'Typo!', parentCommentId: comment.id },
      }),
      201,
    );
    await expectError(
      await call('PUT', `/api/community/comments/${comment.id}`, {
        ...as(alice),
        body: { content: 'Mine now', version: 1 },
      }),
      403,
      'forbidden',
    );
    const edited = await expectJson<Json>(
      await call('PUT', `/api/community/comments/${comment.id}`, {
        ...as(bob),
        body: { content: 'First', version: 1 },
      }),
      200,
    );
    expect(edited).toMatchObject({ content: 'First', version: 2 });
    await expectError(await call('DELETE', `/api/community/comments/${comment.id}`, as(alice)), 403, 'forbidden');
    await expectError(await call('DELETE', `/api/community/comments/${comment.id}`, outsiderB()), 404, 'not_found');
    expect((await call('DELETE', `/api/community/comments/${comment.id}`, as(bob))).status).toBe(204);
    const listed = await expectJson<Json>(
      await call('GET', `/api/community/posts/${post.id}/comments`, as(alice)),
      200,
    );
    expect(listed.items.map((c: Json) => [c.id, c.content])).toEqual([
      [comment.id, '[deleted by author]'],
      [reply.id, 'Typo!'],
    ]);
    await expectError(
      await call('POST', `/api/community/posts/${post.id}/comments`, {
        ...as(bob),
        body: { content: 'x', parentCommentId: 'cmt_nope' },
      }),
      404,
      'not_found',
    );
  });

  it('notifies the post author of a comment, the comment author of a reply, and mentioned members', async () => {
    const post = await createPost(alice, { title: 'Notify me', content: 'Hi' });
    const comment = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/comments`, { ...as(bob), body: { content: 'Nice post' } }),
      201,
    );
    const reply = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/comments`, {
        ...as(alice),
        body: { content: `Thanks! cc @${moderator.userId} and @${outsider.userId}`, parentCommentId: comment.id },
      }),
      201,
    );
    // A member's mention becomes a profile link; a non-member's stays as typed.
    expect(reply.contentHtml).toContain(`<a href="/community/users/${moderator.userId}"`);
    expect(reply.contentHtml).toContain('>@Mona Mod</a>');
    expect(reply.contentHtml).toContain(`@${outsider.userId}`);
    const aliceInbox = await expectJson<Json>(await call('GET', '/api/notifications', as(alice)), 200);
    expect(aliceInbox.items).toContainEqual(
      expect.objectContaining({
        kind: 'community.reply',
        title: 'Bob Reader commented on your post',
        link: `/community/posts/${post.id}#${comment.id}`,
      }),
    );
    const bobInbox = await expectJson<Json>(await call('GET', '/api/notifications', as(bob)), 200);
    expect(bobInbox.items).toContainEqual(
      expect.objectContaining({ kind: 'community.reply', title: 'Alice Author replied to your comment' }),
    );
    // Community drops a failed notification (best effort); its log line says why, should this fail.
    expect(platform.logs.filter((line) => line.msg === 'notification not stored')).toEqual([]);
    const modInbox = await expectJson<Json>(await call('GET', '/api/notifications', as(moderator)), 200);
    expect(modInbox.items).toContainEqual(expect.objectContaining({ kind: 'community.mention' }));
    // Not a member of A: no notification anywhere.
    const outsiderInbox = await expectJson<Json>(await call('GET', '/api/notifications', outsiderB()), 200);
    expect(outsiderInbox.items.filter((n: Json) => n.kind === 'community.mention')).toEqual([]);
  });
});

describe('reactions', () => {
  it('refuses an unknown reaction type', async () => {
    const post = await createPost(alice, { title: 'React', content: 'here' });
    await expectError(
      await call('POST', `/api/community/posts/${post.id}/react`, { ...as(bob), body: { reactionType: 'angry' } }),
      400,
      'invalid_input',
    );
  });

  it('toggles and reports counts with the caller’s reactions, on posts and comments', async () => {
    const post = await createPost(alice, { title: 'Toggle', content: 'me' });
    const on = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/react`, { ...as(bob), body: { reactionType: 'like' } }),
      200,
    );
    expect(on).toMatchObject({ active: true, reactionCounts: { like: 1 }, myReactions: ['like'] });
    const love = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/react`, { ...as(bob), body: { reactionType: 'love' } }),
      200,
    );
    expect(love.myReactions).toEqual(['like', 'love']);
    const off = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/react`, { ...as(bob), body: { reactionType: 'like' } }),
      200,
    );
    expect(off).toMatchObject({ active: false, reactionCounts: { like: 0, love: 1 }, myReactions: ['love'] });
    const comment = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/comments`, {
        ...as(alice),
        body: { content: 'React to me' },
      }),
      201,
    );
    const onComment = await expectJson<Json>(
      await call('POST', `/api/community/comments/${comment.id}/react`, {
        ...as(bob),
        body: { reactionType: 'question' },
      }),
      200,
    );
    expect(onComment).toMatchObject({ targetKind: 'comment', active: true, reactionCounts: { question: 1 } });
    const listed = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}/comments`, as(bob)), 200);
    expect(listed.items[0].myReactions).toEqual(['question']);
    const profile = await expectJson<Json>(
      await call('GET', `/api/community/users/${alice.userId}/profile`, as(bob)),
      200,
    );
    expect(profile.stats.reactionsReceived).toBeGreaterThanOrEqual(2);
  });

  it('stays consistent when one user toggles fast', async () => {
    const post = await createPost(alice, { title: 'Fast', content: 'toggle' });
    const toggles = 31;
    const results = await Promise.all(
      Array.from({ length: toggles }, () =>
        call('POST', `/api/community/posts/${post.id}/react`, { ...as(bob), body: { reactionType: 'like' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(toggles).fill(200));
    const after = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200);
    // An odd number of toggles from nothing leaves the reaction on, and the count matches the items.
    expect(after.reactionCounts.like).toBe(1);
    expect(after.myReactions).toEqual(['like']);
  });

  it('counts 200 concurrent reactions from distinct users exactly (facade on SQLite)', async () => {
    const post = await createPost(alice, { title: 'Popular', content: 'Like me' });
    const { community } = platform.deps;
    const actors: Actor[] = Array.from({ length: 200 }, (_, i) => ({
      userId: `usr_01JGZ${String(i).padStart(21, '0')}`,
      orgId: orgA,
      role: 'member',
      plan: 'free',
    }));
    await Promise.all(actors.map((actor) => community.toggleReaction(actor, { kind: 'post', id: post.id }, 'like')));
    const after = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200);
    expect(after.reactionCounts.like).toBe(200);
    expect(after.metrics.likes).toBe(200);
    const author = await community.getActivity(orgA, alice.userId);
    expect(author.reactionsReceived).toBeGreaterThanOrEqual(200);
  });
});

describe('feeds', () => {
  it('sorts latest, top and hot, filters by tag, and pages with a cursor', async () => {
    const quiet = await createPost(bob, { title: 'Quiet', content: 'q', tags: ['feedtest'] });
    const loud = await createPost(bob, { title: 'Loud', content: 'l', tags: ['feedtest'] });
    const newest = await createPost(bob, { title: 'Newest', content: 'n', tags: ['feedtest'] });
    await createPost(bob, { title: 'Other tag', content: 'o', tags: ['elsewhere'] });
    await expectJson(
      await call('POST', `/api/community/posts/${quiet.id}/react`, { ...as(alice), body: { reactionType: 'like' } }),
      200,
    );
    for (const user of [alice, moderator, owner]) {
      await expectJson(
        await call('POST', `/api/community/posts/${loud.id}/react`, { ...as(user), body: { reactionType: 'love' } }),
        200,
      );
    }
    const ids = (page: Json) => page.items.map((p: Json) => p.id);
    expect(ids(await feed(bob, '?tag=feedtest'))).toEqual([newest.id, loud.id, quiet.id]);
    expect(ids(await feed(bob, '?tag=feedtest&sort=top&period=day'))).toEqual([loud.id, quiet.id, newest.id]);
    expect(ids(await feed(bob, '?tag=feedtest&sort=hot'))).toEqual([loud.id, quiet.id, newest.id]);
    const page1 = await feed(bob, '?tag=feedtest&limit=2');
    expect(ids(page1)).toEqual([newest.id, loud.id]);
    const page2 = await feed(bob, `?tag=feedtest&limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`);
    expect(ids(page2)).toEqual([quiet.id]);
    const top1 = await feed(bob, '?tag=feedtest&sort=top&limit=1');
    const top2 = await feed(bob, `?tag=feedtest&sort=top&limit=1&cursor=${encodeURIComponent(top1.nextCursor)}`);
    expect([...ids(top1), ...ids(top2)]).toEqual([loud.id, quiet.id]);
    await expectError(await call('GET', '/api/community/posts?cursor=forged', as(bob)), 400, 'invalid_input');
    await expectError(await call('GET', '/api/community/posts?sort=random', as(bob)), 400, 'invalid_input');
  });

  it('lists public posts of every organisation only through scope=public', async () => {
    const publicA = await createPost(alice, {
      title: 'Open to all',
      content: 'Public A',
      visibility: 'public',
      tags: ['open'],
    });
    const orgOnlyA = await createPost(alice, { title: 'Members only', content: 'Org A', tags: ['open'] });
    const publicB = await createPost(
      outsider,
      { title: 'From B', content: 'Public B', visibility: 'public', tags: ['open'] },
      orgB,
    );
    const inB = await feed(outsider, '?tag=open', orgB);
    expect(inB.items.map((p: Json) => p.id)).toEqual([publicB.id]);
    const publicFromB = await feed(outsider, '?scope=public&tag=open', orgB);
    expect(publicFromB.items.map((p: Json) => p.id)).toEqual([publicB.id, publicA.id]);
    expect(publicFromB.items.map((p: Json) => p.id)).not.toContain(orgOnlyA.id);
    const publicFromA = await feed(bob, '?scope=public&tag=open');
    expect(publicFromA.items.map((p: Json) => p.organizationId)).toEqual([orgB, orgA]);
    // Editing a public post to organisation visibility takes it out of the public scope.
    await expectJson(
      await call('PUT', `/api/community/posts/${publicA.id}`, {
        ...as(alice),
        body: { visibility: 'organization', version: 1 },
      }),
      200,
    );
    expect((await feed(outsider, '?scope=public&tag=open', orgB)).items.map((p: Json) => p.id)).toEqual([publicB.id]);
  });
});

describe('profiles', () => {
  it('lets a member edit only their own profile; others see public fields', async () => {
    const updated = await expectJson<Json>(
      await call('PUT', `/api/community/users/${alice.userId}/profile`, {
        ...as(alice),
        body: {
          name: 'Alice A.',
          title: 'Learner',
          bio: 'Likes graphs',
          links: [{ label: 'Site', url: 'https://alice.example.com' }],
        },
      }),
      200,
    );
    expect(updated).toMatchObject({ name: 'Alice A.', title: 'Learner', trustLevel: 0 });
    await expectError(
      await call('PUT', `/api/community/users/${alice.userId}/profile`, { ...as(bob), body: { name: 'Hacked' } }),
      403,
      'forbidden',
    );
    await expectError(
      await call('PUT', `/api/community/users/${alice.userId}/profile`, {
        ...as(alice),
        body: { avatarUrl: 'javascript:alert(1)' },
      }),
      400,
      'invalid_input',
    );
    const seen = await expectJson<Json>(
      await call('GET', `/api/community/users/${alice.userId}/profile`, as(bob)),
      200,
    );
    expect(seen).toMatchObject({ name: 'Alice A.', bio: 'Likes graphs', trustLevel: null, role: 'member' });
    expect(seen.stats.posts).toBeGreaterThan(5);
    expect(seen.reputation).toBe(seen.stats.reactionsReceived + 2 * seen.stats.posts);
    await expectError(await call('GET', `/api/community/users/${alice.userId}/profile`, outsiderB()), 404, 'not_found');
    const post = await createPost(alice, { title: 'After rename', content: 'x' });
    expect(post.authorProfile.name).toBe('Alice A.');
  });
});

describe('events', () => {
  it('logs post, comment and reaction events in order, polled with after', async () => {
    const start = (await expectJson<Json>(await call('GET', '/api/community/events?after=0&limit=500', as(bob)), 200))
      .lastId;
    const post = await createPost(alice, { title: 'Evented', content: 'e' });
    const secret = await createPost(alice, { title: 'Hidden', content: 'h', visibility: 'private' });
    await expectJson(
      await call('POST', `/api/community/posts/${post.id}/comments`, { ...as(bob), body: { content: 'c' } }),
      201,
    );
    await expectJson(
      await call('POST', `/api/community/posts/${post.id}/react`, { ...as(bob), body: { reactionType: 'like' } }),
      200,
    );
    await expectJson(
      await call('PUT', `/api/community/posts/${post.id}`, { ...as(alice), body: { content: 'e2', version: 1 } }),
      200,
    );
    const page = await expectJson<Json>(await call('GET', `/api/community/events?after=${start}`, as(bob)), 200);
    expect(page.items.map((e: Json) => e.type)).toEqual([
      'post.created',
      'comment.added',
      'reactions.changed',
      'post.edited',
    ]);
    expect(page.items.every((e: Json) => e.payload.postId === post.id)).toBe(true);
    expect(page.items.map((e: Json) => e.payload.postId)).not.toContain(secret.id);
    const ids = page.items.map((e: Json) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // B's channel knows nothing of A.
    const inB = await expectJson<Json>(await call('GET', '/api/community/events?after=0&limit=500', outsiderB()), 200);
    expect(inB.items.map((e: Json) => e.payload.organizationId)).not.toContain(orgA);
    await expectError(await call('GET', '/api/community/events?after=abc', as(bob)), 400, 'invalid_input');
  });

  it('streams new events over SSE and resumes after Last-Event-ID', async () => {
    const res = await call('GET', '/api/community/stream', as(bob));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 5_000;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${text}`);
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value);
      }
    };
    await readUntil(/event: ready/);
    const post = await createPost(alice, { title: 'Live', content: 'now' });
    await readUntil(/event: post\.created/);
    const block = text.split('\n\n').find((b) => b.includes('event: post.created'))!;
    const id = /^id: (\d+)$/m.exec(block)![1]!;
    expect(JSON.parse(/^data: (.*)$/m.exec(block)![1]!).payload.postId).toBe(post.id);
    await reader.cancel();

    await expectJson(
      await call('POST', `/api/community/posts/${post.id}/comments`, { ...as(bob), body: { content: 'missed' } }),
      201,
    );
    const resumed = await call('GET', '/api/community/stream', { ...as(bob), headers: { 'last-event-id': id } });
    const resumedReader = resumed.body!.getReader();
    let resumedText = '';
    const deadline = Date.now() + 5_000;
    while (!/event: comment\.added/.test(resumedText) && Date.now() < deadline) {
      const chunk = await resumedReader.read();
      if (chunk.done) break;
      resumedText += decoder.decode(chunk.value);
    }
    await resumedReader.cancel();
    expect(resumedText).toMatch(/event: comment\.added/);
    expect(resumedText).not.toMatch(/event: post\.created/);
  });
});

describe('account export and deletion', () => {
  it('exports my community content, and deletion anonymises it in shared organisations and purges my own', async () => {
    const leaver = await signUp(call, 'community-leaver@example.com', 'Lee Leaver');
    await join(call, owner, orgA, leaver, 'member');
    const shared = await createPost(leaver, {
      title: 'Stays',
      content: 'My words',
      visibility: 'public',
      tags: ['leaver'],
    });
    const comment = await expectJson<Json>(
      await call('POST', `/api/community/posts/${shared.id}/comments`, {
        ...as(leaver),
        body: { content: 'Mine too' },
      }),
      201,
    );
    await expectJson(
      await call('POST', `/api/community/posts/${shared.id}/react`, { ...as(bob), body: { reactionType: 'like' } }),
      200,
    );
    const own = await createPost(
      leaver,
      { title: 'Alone', content: 'Personal', visibility: 'public', tags: ['leaver'] },
      leaver.personalOrgId,
    );

    const exported = await expectJson<Json>(await call('GET', '/api/me/export', { token: leaver.accessToken }), 200);
    const byOrg = new Map(exported.community.organizations.map((o: Json) => [o.organizationId, o]));
    expect((byOrg.get(orgA) as Json).posts.map((p: Json) => p.id)).toEqual([shared.id]);
    expect((byOrg.get(orgA) as Json).comments.map((c: Json) => c.id)).toEqual([comment.id]);
    expect((byOrg.get(leaver.personalOrgId) as Json).posts.map((p: Json) => p.id)).toEqual([own.id]);

    expect(
      (await call('DELETE', '/api/me', { token: leaver.accessToken, body: { password: strongPassword } })).status,
    ).toBe(204);

    const kept = await expectJson<Json>(await call('GET', `/api/community/posts/${shared.id}`, as(bob)), 200);
    expect(kept).toMatchObject({
      content: 'My words',
      authorId: 'deleted-user',
      authorProfile: { name: 'Deleted user' },
    });
    expect(kept.reactionCounts.like).toBe(1);
    const thread = await expectJson<Json>(
      await call('GET', `/api/community/posts/${shared.id}/comments`, as(bob)),
      200,
    );
    expect(thread.items[0]).toMatchObject({
      id: comment.id,
      content: 'Mine too',
      authorProfile: { name: 'Deleted user' },
    });
    expect(JSON.stringify(kept)).not.toContain(leaver.userId);
    // The purged organisation's public post is gone from the public scope.
    const publicFeed = await feed(bob, '?scope=public&tag=leaver');
    expect(publicFeed.items.map((p: Json) => p.id)).toEqual([shared.id]);
    await expectError(await call('GET', `/api/community/users/${leaver.userId}/profile`, as(bob)), 404, 'not_found');
  });
});

describe('the moderation pipeline on real posts', () => {
  it('rejects over-limit links (nothing stored), holds profanity until a moderator approves it, and hides after flags', async () => {
    const links = Array.from({ length: 12 }, (_, i) => `https://site${i}.example.com`).join(' ');
    const rejected = await expectError(
      await call('POST', '/api/community/posts', {
        ...as(bob),
        body: { title: 'Link dump', content: links, tags: ['modflow'] },
      }),
      422,
      'content_rejected',
    );
    expect((rejected.error.details as Json).reasons.length).toBeGreaterThan(0);
    expect((await feed(bob, '?tag=modflow')).items).toEqual([]);

    const held = await createPost(bob, { title: 'Heated', content: 'This is fucking annoying', tags: ['modflow'] });
    expect(held.state).toBe('held');
    expect(held.stateReasons.length).toBeGreaterThan(0);
    await expectError(await call('GET', `/api/community/posts/${held.id}`, as(alice)), 404, 'not_found');
    const queue = await expectJson<Json>(await call('GET', '/api/community/moderation/queue', as(moderator)), 200);
    const item = queue.items.find((i: Json) => i.contentId === held.id);
    expect(item).toMatchObject({ kind: 'post', source: 'review', status: 'pending' });
    await expectJson(
      await call('POST', `/api/community/moderation/items/${item.id}/decision`, {
        ...as(moderator),
        body: { action: 'approve', reason: 'Strong words, fair point' },
      }),
      200,
    );
    const approved = await expectJson<Json>(await call('GET', `/api/community/posts/${held.id}`, as(alice)), 200);
    expect(approved.state).toBe('published');
    expect((await feed(alice, '?tag=modflow')).items.map((p: Json) => p.id)).toEqual([held.id]);

    // Flags from moderators weigh enough to hide it at once (the threshold is 6).
    await expectJson(
      await call('POST', `/api/community/posts/${held.id}/flag`, { ...as(owner), body: { reason: 'Still rude' } }),
      200,
    );
    await expectError(await call('GET', `/api/community/posts/${held.id}`, as(alice)), 404, 'not_found');
    expect((await expectJson<Json>(await call('GET', `/api/community/posts/${held.id}`, as(bob)), 200)).state).toBe(
      'hidden',
    );
  });

  it('anonymises what a former member wrote when they delete their account after leaving', async () => {
    const former = await signUp(call, 'community-former@example.com', 'Fay Former');
    await join(call, owner, orgA, former, 'member');
    const post = await createPost(former, { title: 'Written before leaving', content: 'Notes from Fay' });
    const comment = await expectJson<Json>(
      await call('POST', `/api/community/posts/${post.id}/comments`, { ...as(former), body: { content: 'And more' } }),
      201,
    );
    expect(
      (await call('DELETE', `/api/orgs/${orgA}/members/${former.userId}`, { token: former.accessToken })).status,
    ).toBe(204);
    // Still hers to download after leaving.
    const exported = await expectJson<Json>(await call('GET', '/api/me/export', { token: former.accessToken }), 200);
    const inA = exported.community.organizations.find((o: Json) => o.organizationId === orgA);
    expect(inA.posts.map((p: Json) => p.id)).toEqual([post.id]);

    expect(
      (await call('DELETE', '/api/me', { token: former.accessToken, body: { password: strongPassword } })).status,
    ).toBe(204);
    const kept = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(bob)), 200);
    expect(kept).toMatchObject({ content: 'Notes from Fay', authorProfile: { name: 'Deleted user' } });
    const thread = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}/comments`, as(bob)), 200);
    expect(thread.items.find((c: Json) => c.id === comment.id)).toMatchObject({
      authorProfile: { name: 'Deleted user' },
    });
    expect(JSON.stringify([kept, thread])).not.toContain(former.userId);
    expect(JSON.stringify([kept, thread])).not.toContain('Fay Former');
  });
});
