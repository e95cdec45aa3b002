/**
 * Seed step (demo data only, after demo-identity): a first conversation in "Diatonic Demo"'s community,
 * so a fresh `npm start` opens the community page on posts rather than an empty feed: the instructor's
 * welcome, the learner's question with the instructor's answer, and a few reactions.
 * Safe to repeat after a crash: posts are found by title, the answer is added only to a question without
 * comments, and a reaction only where its author has none yet (a reaction is a toggle).
 */
import type { Actor, Community, PostView } from '@diatonic/core';
import { demoAccounts, demoActor } from './demo-identity-step.ts';
import type { SeedStep } from './seed-step.ts';

export const demoWelcomeTitle = 'Welcome to the Diatonic community';
export const demoQuestionTitle = 'Why does my validation loss rise while the training loss keeps falling?';

const welcome = {
  title: demoWelcomeTitle,
  content:
    'Ask anything about the modules here, share what you built in the **workbench**, and help each other out.\n\n' +
    '- Tag your post so others find it (`question`, `showcase`, `module-1` …).\n' +
    '- Paste code in backticks: `model.fit(x, y)`.\n- Be kind; moderators keep the place friendly.',
  tags: ['welcome'],
};

const question = {
  title: demoQuestionTitle,
  content:
    'In the *Foundations of machine learning* module my model reaches 98% on the training set, but after ' +
    'epoch 12 the validation loss goes **up**. Is something wrong with my data split?',
  tags: ['question', 'overfitting'],
};

const answer =
  'Nothing is wrong with the split: that is **overfitting**. The model starts memorising the training ' +
  'examples. Stop at the epoch with the lowest validation loss (early stopping), or add regularisation ' +
  '(dropout, weight decay) and more data.';

export const demoCommunityStep: SeedStep = {
  id: 'demo-community',
  async run({ identity, community, demoData }) {
    if (!demoData) return;
    if (!identity || !community)
      throw new Error('The demo community seed step needs the identity and community facades');
    const owner = await demoActor(identity, demoAccounts[0].email, 'owner');
    const instructor = await demoActor(identity, demoAccounts[1].email, 'instructor');
    const learner = await demoActor(identity, demoAccounts[2].email, 'member');

    const welcomePost = await findOrCreatePost(community, instructor, welcome);
    const questionPost = await findOrCreatePost(community, learner, question);
    // Read as the learner: it finds the answer and says whether the learner has reacted to it yet.
    const [existingAnswer] = (await community.listComments(learner, questionPost.id, { limit: 1 })).items;
    const answerComment =
      existingAnswer ?? (await community.createComment(instructor, questionPost.id, { content: answer }));

    await reactOnce(community, owner, welcomePost.id, 'like');
    await reactOnce(community, learner, welcomePost.id, 'love');
    await reactOnce(community, instructor, questionPost.id, 'question');
    if (!existingAnswer || existingAnswer.myReactions.length === 0)
      await community.toggleReaction(learner, { kind: 'comment', id: answerComment.id }, 'insight');
  },
};

async function findOrCreatePost(
  community: Community,
  author: Actor,
  post: { title: string; content: string; tags: string[] },
): Promise<PostView> {
  const { items } = await community.listPosts(author, { limit: 50 });
  return items.find((p) => p.title === post.title) ?? (await community.createPost(author, post));
}

/** Reacts unless `actor` already has a reaction on the post. */
async function reactOnce(
  community: Community,
  actor: Actor,
  postId: string,
  reaction: 'like' | 'love' | 'question',
): Promise<void> {
  const seen = await community.getPost(actor, postId);
  if (seen.myReactions.length === 0) await community.toggleReaction(actor, { kind: 'post', id: postId }, reaction);
}
