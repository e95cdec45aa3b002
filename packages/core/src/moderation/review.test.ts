import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import type { ContentForReview, ToxicityClassifier } from './index.ts';
import { createModerationTestKit, testActor, testId } from './moderation-test-kit.ts';

const orgId = 'org_00000000000000000000000001';

function content(overrides: Partial<ContentForReview> = {}): ContentForReview {
  return {
    organizationId: orgId,
    kind: 'post',
    authorId: 'usr_00000000000000000000000042',
    authorTrustLevel: 0,
    title: 'A question about gradients',
    text: 'How do I compute the gradient of a loss function by hand?',
    links: [],
    mentions: [],
    attachmentCount: 0,
    isEdit: false,
    ...overrides,
  };
}

/** Everything stored, so a refused review can be shown to have changed nothing. */
async function snapshot(kit: ReturnType<typeof createModerationTestKit>) {
  const partitions = [`T#${orgId}#MOD`, `T#${orgId}#MODQ`];
  const pages = await Promise.all(partitions.map((pk) => kit.store.query({ pk, limit: 1000 })));
  return pages.flatMap((p) => p.items);
}

const admin = testActor({ orgId, role: 'admin' });

describe('review: word list and profanity', () => {
  it('publishes clean text unchanged with no reasons', async () => {
    const kit = createModerationTestKit();
    const outcome = await kit.moderation.review(content());
    expect(outcome.verdict).toBe('published');
    expect(outcome.reasons).toEqual([]);
    expect(outcome.text).toBe(content().text);
  });

  it('rejects a blocked word, holds a held word and censors a censored one, per the word list', async () => {
    const kit = createModerationTestKit();
    await kit.moderation.updateWordList(admin, {
      words: [
        { word: 'crypto giveaway', action: 'block' },
        { word: 'competitor', action: 'hold' },
        { word: 'darn*', action: 'censor' },
      ],
    });
    const blocked = await kit.moderation.review(content({ text: 'Join the CRYPTO   giveaway now' }));
    expect(blocked.verdict).toBe('rejected');
    expect(blocked.reasons.join(' ')).toMatch(/does not allow/);

    const held = await kit.moderation.review(content({ text: 'Our competitor has a better course on this topic.' }));
    expect(held.verdict).toBe('held');
    expect(held.reasons.join(' ')).toMatch(/moderator needs to check/);

    const censored = await kit.moderation.review(content({ text: 'This darned optimiser never converges at all.' }));
    expect(censored.verdict).toBe('published');
    expect(censored.text).toBe('This ∗∗∗∗∗∗ optimiser never converges at all.');
    expect(censored.reasons.join(' ')).toMatch(/replaced/);
    // Words inside other words are not matched.
    const inside = await kit.moderation.review(
      content({ text: 'The noncompetitors are fine, and so is abracadarning.' }),
    );
    expect(inside.verdict).toBe('published');
  });

  it('holds built-in profanity by default, even disguised, and follows the configured built-in action', async () => {
    const kit = createModerationTestKit();
    const held = await kit.moderation.review(content({ text: 'This is fuuuucking hard, sh1t' }));
    expect(held.verdict).toBe('held');
    expect(held.signals?.some((s) => s.check === 'profanity')).toBe(true);

    await kit.moderation.updateWordList(admin, { words: [], builtInAction: 'censor' });
    const censored = await kit.moderation.review(content({ text: 'What the fuck is a tensor, really?' }));
    expect(censored.verdict).toBe('published');
    expect(censored.text).not.toMatch(/fuck/i);
    expect(censored.text).toContain('∗');

    await kit.moderation.updateWordList(admin, { words: [], builtInAction: 'block' });
    expect((await kit.moderation.review(content({ text: 'What the fuck is a tensor?' }))).verdict).toBe('rejected');

    await kit.moderation.updateWordList(admin, { words: [], builtInAction: 'off' });
    expect((await kit.moderation.review(content({ text: 'What the fuck is a tensor?' }))).verdict).toBe('published');
  });

  it('checks the title too', async () => {
    const kit = createModerationTestKit();
    await kit.moderation.updateWordList(admin, { words: [{ word: 'scam', action: 'censor' }] });
    const outcome = await kit.moderation.review(content({ title: 'Is this a scam?' }));
    expect(outcome.title).toBe('Is this a ∗∗∗∗?');
  });

  it('lets only admins change the word list, validates it, and leaves it unchanged on refusal', async () => {
    const kit = createModerationTestKit();
    await kit.moderation.updateWordList(admin, { words: [{ word: 'spam', action: 'block' }] });
    const moderator = testActor({ orgId, role: 'moderator' });
    const error = await kit.moderation.updateWordList(moderator, { words: [] }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('forbidden');
    for (const words of [
      [{ word: '<script>', action: 'block' }],
      [{ word: 'ok', action: 'delete' }],
      [
        { word: 'Same', action: 'block' },
        { word: 'same', action: 'hold' },
      ],
    ]) {
      const bad = await kit.moderation.updateWordList(admin, { words: words as never }).catch((e: unknown) => e);
      expect((bad as AppError).code).toBe('invalid_input');
    }
    expect((await kit.moderation.getWordList(moderator)).words).toEqual([{ word: 'spam', action: 'block' }]);
    const member = await kit.moderation.getWordList(testActor({ orgId })).catch((e: unknown) => e);
    expect((member as AppError).code).toBe('forbidden');
  });
});

describe('review: spam limits by trust level', () => {
  const links = ['https://a.example', 'https://b.example', 'https://c.example'];

  it('rejects three links from a new member but accepts them from level 1, and in bootstrap mode', async () => {
    const kit = createModerationTestKit();
    const before = await snapshot(kit);
    const refused = await kit.moderation.review(content({ links }));
    expect(refused.verdict).toBe('rejected');
    expect(refused.reasons[0]).toMatch(/at most 2 links.*has 3/);
    expect(await snapshot(kit)).toEqual(before);

    expect((await kit.moderation.review(content({ links, authorTrustLevel: 1 }))).verdict).toBe('published');
    expect(
      (await kit.moderation.review(content({ links, text: 'Bootstrap links please', organizationMemberCount: 4 })))
        .verdict,
    ).toBe('published');
  });

  it('limits mentions and attachments the same way', async () => {
    const kit = createModerationTestKit();
    const mentions = await kit.moderation.review(content({ mentions: ['a', 'b', 'c'] }));
    expect(mentions.verdict).toBe('rejected');
    expect(mentions.reasons[0]).toMatch(/mentions/);
    const attachments = await kit.moderation.review(content({ attachmentCount: 2 }));
    expect(attachments.verdict).toBe('rejected');
    expect(attachments.reasons[0]).toMatch(/at most 1 attachment per post/);
  });

  it('rejects the same text twice from one author within a day, but not from another author or after a day', async () => {
    const kit = createModerationTestKit();
    expect((await kit.moderation.review(content())).verdict).toBe('published');
    const again = await kit.moderation.review(content({ text: `  ${content().text.toUpperCase()}!! ` }));
    expect(again.verdict).toBe('rejected');
    expect(again.reasons[0]).toMatch(/already posted the same text/);
    expect((await kit.moderation.review(content({ authorId: testId('usr') }))).verdict).toBe('published');
    kit.clock.advance(24 * 3_600_000 + 1000);
    expect((await kit.moderation.review(content())).verdict).toBe('published');
  });

  it('does not treat an edit of the same item as a duplicate of itself, nor short replies', async () => {
    const kit = createModerationTestKit();
    expect((await kit.moderation.review(content({ id: 'pst_1' }))).verdict).toBe('published');
    expect((await kit.moderation.review(content({ id: 'pst_1', isEdit: true }))).verdict).toBe('published');
    expect((await kit.moderation.review(content({ id: 'pst_2' }))).verdict).toBe('rejected');
    for (let i = 0; i < 2; i++) {
      expect(
        (await kit.moderation.review(content({ kind: 'comment', title: undefined, text: 'Thanks!' }))).verdict,
      ).toBe('published');
    }
  });

  it('limits new members to 3 posts a day, without counting refused ones, and resets the next day', async () => {
    const kit = createModerationTestKit();
    for (let i = 0; i < 3; i++) {
      expect((await kit.moderation.review(content({ text: `Post number ${i} about something new` }))).verdict).toBe(
        'published',
      );
    }
    const before = await snapshot(kit);
    const fourth = await kit.moderation.review(content({ text: 'Post number 4 about something new' }));
    expect(fourth.verdict).toBe('rejected');
    expect(fourth.reasons[0]).toMatch(/3 posts per day/);
    expect(await snapshot(kit)).toEqual(before);
    // Comments have their own budget; level 1 has a bigger one.
    expect(
      (await kit.moderation.review(content({ kind: 'comment', text: 'A comment, not a post at all' }))).verdict,
    ).toBe('published');
    expect(
      (await kit.moderation.review(content({ authorTrustLevel: 1, text: 'Post number 5 about something new' })))
        .verdict,
    ).toBe('published');
    kit.clock.advance(24 * 3_600_000);
    expect((await kit.moderation.review(content({ text: 'Post number 6 about something new' }))).verdict).toBe(
      'published',
    );
  });

  it('does not hold staff to the daily rate, but still to every other check', async () => {
    const kit = createModerationTestKit();
    for (let i = 0; i < 5; i++) {
      const outcome = await kit.moderation.review(
        content({ authorIsStaff: true, text: `Announcement number ${i} for everyone here` }),
      );
      expect(outcome.verdict).toBe('published');
    }
    const duplicate = await kit.moderation.review(
      content({ authorIsStaff: true, text: 'Announcement number 0 for everyone here' }),
    );
    expect(duplicate.verdict).toBe('rejected');
    // A member at the same level is still limited.
    for (let i = 0; i < 3; i++) await kit.moderation.review(content({ text: `Member post ${i} about something` }));
    expect((await kit.moderation.review(content({ text: 'Member post 4 about something' }))).verdict).toBe('rejected');
  });

  it('gives the day slot back when the text is a duplicate', async () => {
    const kit = createModerationTestKit();
    expect((await kit.moderation.review(content())).verdict).toBe('published');
    for (let i = 0; i < 3; i++) expect((await kit.moderation.review(content())).verdict).toBe('rejected');
    expect((await kit.moderation.review(content({ text: 'A second distinct post here' }))).verdict).toBe('published');
    expect((await kit.moderation.review(content({ text: 'A third distinct post here' }))).verdict).toBe('published');
  });

  it('never exceeds the day limit under concurrent posts', async () => {
    const kit = createModerationTestKit();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        kit.moderation.review(content({ text: `Concurrent post number ${i} text` })),
      ),
    );
    expect(outcomes.filter((o) => o.verdict === 'published')).toHaveLength(3);
  });
});

describe('review: toxicity', () => {
  it('holds insults aimed at people with the built-in lexicon, and lets criticism of things through', async () => {
    const kit = createModerationTestKit();
    const held = await kit.moderation.review(content({ text: 'You are an idiot and a moron, nobody likes you.' }));
    expect(held.verdict).toBe('held');
    expect(held.reasons[0]).toMatch(/hurtful/);
    const signal = held.signals?.find((s) => s.check === 'toxicity');
    expect(signal?.score).toBeGreaterThanOrEqual(0.7);
    expect((await kit.moderation.review(content({ text: 'This API design is a bit stupid, honestly.' }))).verdict).toBe(
      'published',
    );
  });

  it('uses a configured classifier', async () => {
    const seen: string[] = [];
    const classifier: ToxicityClassifier = {
      name: 'fake',
      classify: async (input) => {
        seen.push(input.text);
        return { score: input.text.includes('rude') ? 0.95 : 0.1, labels: ['insult'], classifier: 'fake' };
      },
    };
    const kit = createModerationTestKit({ classifier });
    expect((await kit.moderation.review(content({ text: 'a rude remark that the lexicon misses' }))).verdict).toBe(
      'held',
    );
    expect((await kit.moderation.review(content({ text: 'a kind remark for everyone here' }))).verdict).toBe(
      'published',
    );
    expect(seen).toHaveLength(2);
  });
});

describe('review: held content reaches the queue', () => {
  it('opens a queue item itself when the content has an id, once per content', async () => {
    const kit = createModerationTestKit();
    const moderator = testActor({ orgId, role: 'moderator' });
    const first = await kit.moderation.review(content({ id: 'pst_held1', text: 'What the fuck is backprop?' }));
    expect(first.verdict).toBe('held');
    expect(first.queueItemId).toMatch(/^mqi_/);
    const edit = await kit.moderation.review(
      content({ id: 'pst_held1', isEdit: true, text: 'What the fuck is backprop, again?' }),
    );
    expect(edit.queueItemId).toBe(first.queueItemId);
    const queue = await kit.moderation.listQueue(moderator);
    expect(queue.items.map((i) => i.id)).toEqual([first.queueItemId]);
    expect(queue.items[0]?.reasons[0]).toMatch(/moderator needs to check/);
  });

  it('lets community record held content after storing it (recordHeld)', async () => {
    const kit = createModerationTestKit();
    const outcome = await kit.moderation.review(content({ text: 'Shit, my model diverged again' }));
    expect(outcome.verdict).toBe('held');
    expect(outcome.queueItemId).toBeUndefined();
    const { queueItemId } = await kit.moderation.recordHeld(
      { ...content(), id: 'pst_later' },
      outcome.reasons,
      outcome.signals,
    );
    const item = await kit.moderation.getItem(testActor({ orgId, role: 'moderator' }), queueItemId);
    expect(item.contentId).toBe('pst_later');
    expect(item.signals.some((s) => s.check === 'profanity')).toBe(true);
  });

  it('refuses malformed content', async () => {
    const kit = createModerationTestKit();
    const error = await kit.moderation.review({ ...content(), authorTrustLevel: 7 as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
  });
});
