import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, caller, expectJson, type Json } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { demoCommunityStep, demoQuestionTitle, demoWelcomeTitle } from './demo-community-step.ts';
import { demoIdentityStep, demoPassword } from './demo-identity-step.ts';
import type { SeedContext } from './seed-step.ts';

let platform: TempPlatform;
let context: SeedContext;
let call: Call;

beforeAll(async () => {
  platform = await startTempPlatform();
  const { itemStore, clock, ids, logger, identity, community } = platform.deps;
  context = { itemStore, clock, ids, logger, identity, community, demoData: true };
  call = caller(platform);
});
afterAll(async () => {
  await platform.close();
});

/** The demo community as the demo learner sees it through the API. */
async function learnersFeed() {
  const { accessToken } = await expectJson<{ accessToken: string }>(
    await call('POST', '/api/auth/login', { body: { email: 'learner@diatonic.local', password: demoPassword } }),
    200,
  );
  const orgs = await expectJson<Json>(await call('GET', '/api/orgs', { token: accessToken }), 200);
  const orgId = orgs.items.find((o: Json) => o.name === 'Diatonic Demo').id;
  const feed = await expectJson<Json>(await call('GET', '/api/community/posts', { token: accessToken, orgId }), 200);
  const question = feed.items.find((p: Json) => p.title === demoQuestionTitle);
  const comments = await expectJson<Json>(
    await call('GET', `/api/community/posts/${question.id}/comments`, { token: accessToken, orgId }),
    200,
  );
  return {
    posts: feed.items.map((p: Json) => ({
      title: p.title,
      author: p.authorProfile.name,
      state: p.state,
      reactions: p.reactionCounts,
      comments: p.metrics.comments,
    })),
    comments: comments.items.map((c: Json) => ({
      author: c.authorProfile.name,
      reactions: c.reactionCounts,
      mine: c.myReactions,
    })),
  };
}

describe('the demo community seed step', () => {
  it('publishes a welcome and an answered question with reactions, and repeating it changes nothing', async () => {
    await demoIdentityStep.run(context);
    await demoCommunityStep.run(context);
    const first = await learnersFeed();
    expect(first.posts).toEqual([
      {
        title: demoQuestionTitle,
        author: 'Demo Learner',
        state: 'published',
        reactions: expect.objectContaining({ question: 1 }),
        comments: 1,
      },
      {
        title: demoWelcomeTitle,
        author: 'Demo Instructor',
        state: 'published',
        reactions: expect.objectContaining({ like: 1, love: 1 }),
        comments: 0,
      },
    ]);
    expect(first.comments).toEqual([
      { author: 'Demo Instructor', reactions: expect.objectContaining({ insight: 1 }), mine: ['insight'] },
    ]);

    await demoCommunityStep.run(context);
    expect(await learnersFeed()).toEqual(first);
  });

  it('does nothing without demo data', async () => {
    const before = await platform.deps.itemStore.query({ pk: 'SEED', limit: 10 });
    await demoCommunityStep.run({ ...context, demoData: false });
    expect((await platform.deps.itemStore.query({ pk: 'SEED', limit: 10 })).items).toEqual(before.items);
  });
});
