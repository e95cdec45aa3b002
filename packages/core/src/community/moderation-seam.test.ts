/** The community side of the moderation seam: review on create and edit, and posts/comments as ModerationTargets. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { createCommunityTestKit } from './community-test-kit.ts';

const orgA = 'org_01JGZ00000000000000000000A';

describe('review on create and edit', () => {
  it('sends the content, links, mentions and trust level, and stores the reviewed text', async () => {
    const kit = createCommunityTestKit();
    const author = kit.actor(orgA);
    const friend = kit.actor(orgA, 'member', 'Friend');
    const post = await kit.community.createPost(author, {
      title: 'A darn title',
      content: `Darn, see https://example.com and [x](https://b.example.org) @${friend.userId}`,
    });
    expect(kit.reviewer.seen[0]).toMatchObject({
      organizationId: orgA,
      kind: 'post',
      id: post.id,
      authorId: author.userId,
      authorTrustLevel: 0,
      links: ['https://example.com', 'https://b.example.org'],
      mentions: [friend.userId],
      attachmentCount: 0,
      isEdit: false,
    });
    expect(post.title).toBe('A d**n title');
    expect(post.content.startsWith('d**n')).toBe(true);
    expect(post.state).toBe('published');
    expect(kit.notifications).toEqual([
      expect.objectContaining({
        userId: friend.userId,
        kind: 'community.mention',
        link: `/community/posts/${post.id}`,
      }),
    ]);
  });

  it('rejects with 422 reasons and stores nothing', async () => {
    const kit = createCommunityTestKit();
    const author = kit.actor(orgA);
    const error = await kit.community.createPost(author, { title: 'Hi', content: 'a forbidden word' }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'content_rejected', details: { reasons: ['Uses a forbidden word'] } });
    expect((await kit.community.listPosts(author, { authorId: author.userId })).items).toEqual([]);
    expect(await kit.community.getActivity(orgA, author.userId)).toEqual({
      posts: 0,
      comments: 0,
      reactionsReceived: 0,
    });
  });

  it('holds content for its author and moderators only, with the reason for the author', async () => {
    const kit = createCommunityTestKit();
    const author = kit.actor(orgA);
    const reader = kit.actor(orgA);
    const moderator = kit.actor(orgA, 'moderator');
    const post = await kit.community.createPost(author, { title: 'Hmm', content: 'suspicious offer' });
    expect(post).toMatchObject({ state: 'held', stateReasons: ['Held for review: suspicious'] });
    await expect(kit.community.getPost(reader, post.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await kit.community.getPost(moderator, post.id)).state).toBe('held');
    expect((await kit.community.listPosts(reader)).items).toEqual([]);
    expect((await kit.community.listPosts(author, { authorId: author.userId })).items.map((p) => p.id)).toEqual([
      post.id,
    ]);
    // Approving publishes it into the feed and the live log.
    await kit.community.moderationTargets.post.setState(orgA, post.id, 'published', 'approved', moderator.userId);
    expect((await kit.community.listPosts(reader)).items.map((p) => p.id)).toEqual([post.id]);
    const events = await kit.community.listEvents(reader, {});
    expect(events.items.map((e) => e.type)).toEqual(['post.created']);
  });

  it('reviews edits (isEdit) and a held comment stays out of the count', async () => {
    const kit = createCommunityTestKit();
    const author = kit.actor(orgA);
    const post = await kit.community.createPost(author, { title: 'Fine', content: 'ok' });
    await expect(
      kit.community.updatePost(author, post.id, { content: 'now forbidden', version: 1 }),
    ).rejects.toMatchObject({ code: 'content_rejected' });
    expect((await kit.community.getPost(author, post.id)).content).toBe('ok');
    const edited = await kit.community.updatePost(author, post.id, { content: 'suspicious now', version: 1 });
    expect(kit.reviewer.seen.at(-1)).toMatchObject({ isEdit: true, id: post.id, kind: 'post' });
    expect(edited.state).toBe('held');
    await kit.community.moderationTargets.post.setState(orgA, post.id, 'published', 'approved', 'usr_mod');
    const comment = await kit.community.createComment(author, post.id, { content: 'suspicious comment' });
    expect(comment.state).toBe('held');
    expect((await kit.community.getPost(author, post.id)).metrics.comments).toBe(0);
    await kit.community.moderationTargets.comment.setState(orgA, comment.id, 'published', 'approved', 'usr_mod');
    expect((await kit.community.getPost(author, post.id)).metrics.comments).toBe(1);
  });
});

describe('moderation targets', () => {
  it('gets content by organisation and applies hidden and removed idempotently', async () => {
    const kit = createCommunityTestKit();
    const author = kit.actor(orgA);
    const reader = kit.actor(orgA);
    const post = await kit.community.createPost(author, {
      title: 'Flagged',
      content: 'Some text',
      visibility: 'public',
    });
    const comment = await kit.community.createComment(reader, post.id, { content: 'A reply' });
    const target = kit.community.moderationTargets.post;
    expect(await target.get(orgA, post.id)).toMatchObject({
      kind: 'post',
      authorId: author.userId,
      state: 'published',
      excerpt: 'Some text',
    });
    expect(await target.get('org_01JGZ00000000000000000000B', post.id)).toBeNull();
    expect(await target.get(orgA, 'pst_nope')).toBeNull();

    await target.setState(orgA, post.id, 'hidden', 'hidden after flags', 'system');
    await target.setState(orgA, post.id, 'hidden', 'hidden after flags', 'system');
    await expect(kit.community.getPost(reader, post.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await kit.community.getPost(author, post.id)).stateReasons).toEqual(['hidden after flags']);
    expect((await kit.community.listPosts(reader, { scope: 'public' })).items).toEqual([]);

    await target.setState(orgA, post.id, 'removed', 'spam', 'usr_mod');
    const seenByReader = await kit.community.getPost(reader, post.id);
    expect(seenByReader).toMatchObject({ state: 'removed', content: '[removed by moderator]', stateReasons: [] });
    const seenByAuthor = await kit.community.getPost(author, post.id);
    expect(seenByAuthor).toMatchObject({ content: 'Some text', stateReasons: ['removed by moderator: spam'] });
    const events = await kit.community.listEvents(reader, {});
    expect(events.items.map((e) => e.type)).toEqual(['post.created', 'comment.added', 'post.removed']);

    await kit.community.moderationTargets.comment.setState(orgA, comment.id, 'removed', 'rude', 'usr_mod');
    expect(await kit.community.moderationTargets.comment.get(orgA, comment.id)).toMatchObject({ state: 'removed' });
    await expect(
      kit.community.moderationTargets.comment.setState(orgA, 'cmt_01JGZ00000000000000000000X', 'removed', 'x', 'm'),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('notifications for held content', () => {
  it('are sent when a moderator publishes it, once', async () => {
    const kit = createCommunityTestKit();
    const author = kit.actor(orgA, 'member', 'Poster');
    const replier = kit.actor(orgA, 'member', 'Replier');
    const friend = kit.actor(orgA, 'member', 'Friend');
    const post = await kit.community.createPost(author, { title: 'Open', content: 'Ask away' });
    const held = await kit.community.createComment(replier, post.id, {
      content: `suspicious link for @${friend.userId}`,
    });
    expect(held.state).toBe('held');
    expect(kit.notifications).toEqual([]);

    const target = kit.community.moderationTargets.comment;
    await target.setState(orgA, held.id, 'published', 'approved', 'usr_mod');
    await target.setState(orgA, held.id, 'published', 'approved', 'usr_mod');
    expect(kit.notifications.map((n) => [n.userId, n.kind])).toEqual([
      [author.userId, 'community.reply'],
      [friend.userId, 'community.mention'],
    ]);

    const heldPost = await kit.community.createPost(replier, { title: 'Hm', content: `suspicious @${author.userId}` });
    expect(kit.notifications).toHaveLength(2);
    await kit.community.moderationTargets.post.setState(orgA, heldPost.id, 'published', 'approved', 'usr_mod');
    expect(kit.notifications.at(-1)).toMatchObject({
      userId: author.userId,
      kind: 'community.mention',
      title: 'Replier mentioned you in a post',
    });
  });
});
