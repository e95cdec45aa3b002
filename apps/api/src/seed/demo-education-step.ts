/**
 * Seed step (demo data only, after demo-identity): one published module in "Diatonic Demo", written by
 * the demo instructor and approved by the demo owner, so a fresh `npm start` has something to learn.
 * Safe to repeat after a crash: the module is found by title and taken from wherever it stopped
 * (no sections yet → add them; draft → submit; review → approve).
 */
import type { Actor, Education } from '@diatonic/core';
import { demoAccounts, demoActor } from './demo-identity-step.ts';
import type { SeedStep } from './seed-step.ts';

export const demoModuleTitle = 'Foundations of machine learning';

const sections = [
  {
    title: 'What a model learns',
    contentType: 'text' as const,
    contentData: {
      markdown:
        '# What a model learns\n\nA machine-learning model is a function with **parameters**. Training adjusts them so the ' +
        'function maps inputs to the outputs we want, measured by a *loss*.\n\n- Supervised learning learns from labelled examples.\n' +
        '- Unsupervised learning finds structure without labels.\n',
    },
  },
  {
    title: 'Try it',
    contentType: 'exercise' as const,
    contentData: { instructions: 'Fit a straight line to five points by hand, then compute its squared error.' },
    required: false,
  },
  {
    title: 'Check your understanding',
    contentType: 'quiz' as const,
    contentData: {
      passingScore: 50,
      questions: [
        {
          id: 'q1',
          prompt: 'What does training change?',
          choices: [
            { id: 'a', text: 'The parameters', correct: true },
            { id: 'b', text: 'The training data', correct: false },
          ],
        },
        {
          id: 'q2',
          prompt: 'Which learn from labelled examples?',
          choices: [
            { id: 'a', text: 'Classification', correct: true },
            { id: 'b', text: 'Regression', correct: true },
            { id: 'c', text: 'Clustering', correct: false },
          ],
        },
      ],
    },
  },
];

export const demoEducationStep: SeedStep = {
  id: 'demo-education',
  async run({ identity, education, demoData }) {
    if (!demoData) return;
    if (!identity || !education)
      throw new Error('The demo education seed step needs the identity and education facades');
    const author = await demoActor(identity, demoAccounts[1].email, 'instructor');
    const reviewer = await demoActor(identity, demoAccounts[0].email, 'owner');
    const existing = (await education.listModules(author, { limit: 100 })).items.find(
      (m) => m.title === demoModuleTitle,
    );
    let module = existing;
    if (!module) {
      module = await education.createModule(author, {
        title: demoModuleTitle,
        description: 'Parameters, loss and the two big families of learning, with a short quiz.',
        contentType: 'mixed',
        difficulty: 'beginner',
        tags: ['ml', 'fundamentals'],
        learningObjectives: ['Say what training changes', 'Tell supervised from unsupervised learning'],
      });
    }
    if (module.sectionOrder.length === 0) {
      for (const section of sections) await addSection(education, author, module.id, section);
      module = (await education.listModules(author, { limit: 100 })).items.find((m) => m.id === module?.id) ?? module;
    }
    if (module.status === 'draft') module = await education.submit(author, module.id, {});
    if (module.status === 'review') await education.approve(reviewer, module.id, {});
  },
};

async function addSection(education: Education, actor: Actor, moduleId: string, section: (typeof sections)[number]) {
  await education.createSection(actor, moduleId, section);
}
