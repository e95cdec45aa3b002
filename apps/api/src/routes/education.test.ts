/**
 * Education end to end over HTTP (app.request against a real SQLite platform): authoring, review and
 * versioned publishing, the learner's path to 100%, insights, and every refusal the issue lists
 * (each one checked to leave stored state unchanged).
 */
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
let admin: SignedUp;
let instructor: SignedUp;
let learner: SignedUp;
let outsider: SignedUp;
let orgId: string;

beforeAll(async () => {
  platform = await startTempPlatform();
  call = caller(platform);
  owner = await signUp(call, 'edu-owner@example.com');
  admin = await signUp(call, 'edu-admin@example.com');
  instructor = await signUp(call, 'edu-instructor@example.com');
  learner = await signUp(call, 'edu-learner@example.com');
  outsider = await signUp(call, 'edu-outsider@example.com');
  orgId = await createOrg(call, owner, 'Edu Org');
  await join(call, owner, orgId, admin, 'admin');
  await join(call, owner, orgId, instructor, 'instructor');
  await join(call, owner, orgId, learner, 'member');
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const as = (user: SignedUp, activeOrgId = orgId) => ({ token: user.accessToken, orgId: activeOrgId });
const api = '/api/education';
const send = (user: SignedUp, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(method, `${api}${path}`, {
    ...as(user),
    ...(body !== undefined ? { body } : {}),
    ...(headers ? { headers } : {}),
  });

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

const quizContent = {
  passingScore: 50,
  questions: [
    {
      id: 'q1',
      prompt: 'What does ML stand for?',
      choices: [
        { id: 'a', text: 'Machine learning', correct: true },
        { id: 'b', text: 'Markup language', correct: false },
      ],
    },
    {
      id: 'q2',
      prompt: 'Which are supervised tasks?',
      choices: [
        { id: 'a', text: 'Classification', correct: true },
        { id: 'b', text: 'Regression', correct: true },
        { id: 'c', text: 'Clustering', correct: false },
      ],
    },
  ],
};

async function newModule(user: SignedUp, fields: Record<string, unknown> = {}): Promise<Json> {
  return expectJson<Json>(
    await send(user, 'POST', '/modules', {
      title: 'Intro to ML',
      description: 'Basics',
      contentType: 'mixed',
      difficulty: 'beginner',
      tags: ['ML', 'ai'],
      ...fields,
    }),
    201,
  );
}

async function addSection(user: SignedUp, moduleId: string, body: Record<string, unknown>): Promise<Json> {
  return expectJson<Json>(await send(user, 'POST', `/modules/${moduleId}/sections`, body), 201);
}

/** A module with a 530-word text section and a quiz, published as 1.0.0 by the admin. */
async function publishedModule(
  fields: Record<string, unknown> = {},
): Promise<{ id: string; text: string; quiz: string }> {
  const module = await newModule(instructor, fields);
  const text = (
    await addSection(instructor, module.id, {
      title: 'Reading',
      contentType: 'text',
      contentData: { markdown: words(530) },
    })
  ).sectionId;
  const quiz = (
    await addSection(instructor, module.id, { title: 'Check', contentType: 'quiz', contentData: quizContent })
  ).sectionId;
  await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
  await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`, { comments: 'Good' }), 200);
  return { id: module.id, text, quiz };
}

const editorView = async (moduleId: string) =>
  expectJson<Json>(await send(instructor, 'GET', `/modules/${moduleId}`), 200);

describe('authoring and publishing', () => {
  it('creates a draft, computes its duration from the sections and keeps quiz answers for editors', async () => {
    const module = await newModule(instructor);
    expect(module).toMatchObject({
      status: 'draft',
      version: 1,
      publishedVersion: null,
      createdBy: instructor.userId,
      tags: ['ml', 'ai'],
      view: 'editor',
      sections: [],
    });
    await addSection(instructor, module.id, {
      title: 'Reading',
      contentType: 'text',
      contentData: { markdown: words(530) },
    });
    const withQuiz = await addSection(instructor, module.id, {
      title: 'Check',
      contentType: 'quiz',
      contentData: quizContent,
    });
    // 530 words at 265 a minute = 2 minutes, plus a minute per quiz question = 4.
    expect(withQuiz.estimatedDuration).toBe(4);
    expect(withQuiz.estimatedDurationSource).toBe('sections');
    expect(withQuiz.sections.map((s: Json) => s.sectionOrder)).toEqual([1, 2]);
    expect(withQuiz.sections[1].contentData.questions[0].choices[0].correct).toBe(true);

    const res = await send(instructor, 'GET', `/modules/${module.id}`);
    expect(res.headers.get('etag')).toBe(`"${withQuiz.version}"`);
  });

  it("keeps the plan's fields, refuses unsafe links, leaves draft sections out of the published version, and completes without optional ones", async () => {
    const tag = `fields-${Date.now()}`;
    const module = await newModule(instructor, {
      tags: [tag],
      learningObjectives: ['Explain a perceptron', 'Train one'],
      contentUrl: 'https://example.com/perceptrons',
      estimatedDuration: 45,
      visibility: 'organization',
    });
    expect(module).toMatchObject({
      title: 'Intro to ML',
      description: 'Basics',
      contentType: 'mixed',
      difficulty: 'beginner',
      learningObjectives: ['Explain a perceptron', 'Train one'],
      contentUrl: 'https://example.com/perceptrons',
      thumbnailUrl: null,
      prerequisites: [],
      estimatedDuration: 45,
      estimatedDurationSource: 'author',
      visibility: 'organization',
      status: 'draft',
      createdBy: instructor.userId,
    });
    expect(Date.parse(module.createdAt)).not.toBeNaN();
    expect(Date.parse(module.updatedAt)).not.toBeNaN();
    const listed = async () =>
      (await expectJson<Json>(await send(admin, 'GET', `/modules?tag=${tag}`), 200)).items.map((m: Json) => m.id);
    for (const contentUrl of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      await expectError(
        await send(instructor, 'POST', '/modules', {
          title: 'Unsafe',
          contentType: 'text',
          difficulty: 'beginner',
          tags: [tag],
          contentUrl,
        }),
        400,
        'invalid_input',
      );
    }
    expect(await listed()).toEqual([module.id]);

    const text = await addSection(instructor, module.id, {
      title: 'Read',
      contentType: 'text',
      contentData: { markdown: 'Published text' },
    });
    const exercise = await addSection(instructor, module.id, {
      title: 'Try it',
      contentType: 'exercise',
      contentData: { instructions: 'Train a perceptron on AND.', rubric: 'Weights converge.' },
      duration: 7,
      required: false,
    });
    const draft = await addSection(instructor, module.id, {
      title: 'Unfinished',
      contentType: 'text',
      contentData: { markdown: 'not ready yet' },
      status: 'draft',
    });
    expect(draft.sections.map((s: Json) => s.status)).toEqual(['published', 'published', 'draft']);
    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`), 200);

    const seen = await expectJson<Json>(await send(learner, 'GET', `/modules/${module.id}`), 200);
    expect(seen.sections.map((s: Json) => s.id)).toEqual([text.sectionId, exercise.sectionId]);
    expect(seen.sections[1]).toMatchObject({
      duration: 7,
      contentData: { instructions: 'Train a perceptron on AND.', rubric: 'Weights converge.' },
    });
    expect(JSON.stringify(seen)).not.toContain('not ready yet');
    expect(seen).toMatchObject({ learningObjectives: ['Explain a perceptron', 'Train one'], estimatedDuration: 45 });
    // The optional exercise does not hold completion back: the text is the only required section.
    await expectJson<Json>(await send(learner, 'POST', `/modules/${module.id}/enroll`), 201);
    const done = await expectJson<Json>(
      await send(learner, 'POST', `/modules/${module.id}/sections/${text.sectionId}/complete`),
      200,
    );
    expect(done).toMatchObject({ percentComplete: 100, status: 'completed' });
  });

  it('refuses a quiz without a correct choice and stores nothing', async () => {
    const module = await newModule(instructor);
    const bad = {
      ...quizContent,
      questions: [
        {
          prompt: 'x',
          choices: [
            { text: 'a', correct: false },
            { text: 'b', correct: false },
          ],
        },
      ],
    };
    await expectError(
      await send(instructor, 'POST', `/modules/${module.id}/sections`, {
        title: 'Q',
        contentType: 'quiz',
        contentData: bad,
      }),
      400,
      'invalid_input',
    );
    const after = await editorView(module.id);
    expect(after.sections).toEqual([]);
    expect(after.version).toBe(module.version);
  });

  it('reorders sections only with every id once', async () => {
    const module = await newModule(instructor);
    const a = await addSection(instructor, module.id, {
      title: 'A',
      contentType: 'text',
      contentData: { markdown: 'a' },
    });
    const b = await addSection(instructor, module.id, {
      title: 'B',
      contentType: 'exercise',
      contentData: { instructions: 'Do it' },
    });
    await expectError(
      await send(instructor, 'PUT', `/modules/${module.id}/section-order`, { sectionOrder: [b.sectionId] }),
      400,
      'invalid_input',
    );
    const reordered = await expectJson<Json>(
      await send(instructor, 'PUT', `/modules/${module.id}/section-order`, {
        sectionOrder: [b.sectionId, a.sectionId],
      }),
      200,
    );
    expect(reordered.sections.map((s: Json) => s.title)).toEqual(['B', 'A']);
    const removed = await expectJson<Json>(
      await send(instructor, 'DELETE', `/modules/${module.id}/sections/${a.sectionId}`),
      200,
    );
    expect(removed.sectionOrder).toEqual([b.sectionId]);
  });

  it('refuses a stale version with 409 and changes nothing; If-Match works too', async () => {
    const module = await newModule(instructor);
    const updated = await expectJson<Json>(
      await send(instructor, 'PUT', `/modules/${module.id}`, { title: 'Renamed', version: module.version }),
      200,
    );
    expect(updated.version).toBe(module.version + 1);
    const stale = await expectError(
      await send(instructor, 'PUT', `/modules/${module.id}`, { title: 'Lost update', version: module.version }),
      409,
      'conflict',
    );
    expect(stale.error.details).toMatchObject({ reason: 'stale_version', currentVersion: updated.version });
    await expectError(
      await send(
        instructor,
        'PUT',
        `/modules/${module.id}`,
        { title: 'Lost update' },
        { 'if-match': `"${module.version}"` },
      ),
      409,
      'conflict',
    );
    const after = await editorView(module.id);
    expect(after.title).toBe('Renamed');
    expect(after.version).toBe(updated.version);
    const viaHeader = await expectJson<Json>(
      await send(
        instructor,
        'PUT',
        `/modules/${module.id}`,
        { difficulty: 'advanced' },
        { 'if-match': `"${after.version}"` },
      ),
      200,
    );
    expect(viaHeader.difficulty).toBe('advanced');
    await expectError(
      await send(instructor, 'PUT', `/modules/${module.id}`, { title: 'No version' }),
      400,
      'invalid_input',
    );
  });

  it('refuses a prerequisite cycle with 422 naming it, and unknown prerequisites', async () => {
    const a = await newModule(instructor, { title: 'A' });
    const b = await newModule(instructor, { title: 'B', prerequisites: [a.id] });
    const c = await newModule(instructor, { title: 'C', prerequisites: [b.id] });
    const refused = await expectError(
      await send(instructor, 'PUT', `/modules/${a.id}`, { prerequisites: [c.id], version: a.version }),
      422,
      'unprocessable',
    );
    expect(refused.error.details?.cycle).toEqual([a.id, c.id, b.id, a.id]);
    const after = await editorView(a.id);
    expect(after.prerequisites).toEqual([]);
    expect(after.version).toBe(a.version);
    await expectError(
      await send(instructor, 'PUT', `/modules/${a.id}`, { prerequisites: [a.id], version: a.version }),
      422,
      'unprocessable',
    );
    const unknown = await expectError(
      await send(instructor, 'POST', '/modules', {
        title: 'X',
        contentType: 'text',
        difficulty: 'beginner',
        prerequisites: ['mod_01JZZZZZZZZZZZZZZZZZZZZZZZ'],
      }),
      422,
      'unprocessable',
    );
    expect(unknown.error.details?.unknown).toEqual(['mod_01JZZZZZZZZZZZZZZZZZZZZZZZ']);
    // Another organisation's module (not public) exists, but is not visible: unknown too.
    const foreign = await expectJson<Json>(
      await call('POST', `${api}/modules`, {
        token: outsider.accessToken,
        orgId: outsider.personalOrgId,
        body: { title: 'Elsewhere', contentType: 'text', difficulty: 'beginner' },
      }),
      201,
    );
    const hidden = await expectError(
      await send(instructor, 'PUT', `/modules/${a.id}`, { prerequisites: [foreign.id], version: a.version }),
      422,
      'unprocessable',
    );
    expect(hidden.error.details?.unknown).toEqual([foreign.id]);
    expect(await editorView(a.id)).toEqual(after);
  });

  it('needs a reviewer other than the author, shows rejection comments, and versions each approval', async () => {
    const module = await newModule(instructor);
    const text = await addSection(instructor, module.id, {
      title: 'Reading',
      contentType: 'text',
      contentData: { markdown: 'Hello' },
    });
    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    await expectError(
      await send(instructor, 'PUT', `/modules/${module.id}`, {
        title: 'x',
        version: (await editorView(module.id)).version,
      }),
      409,
      'conflict',
    );
    // An instructor may not publish; the admin may not approve their own module in a multi-person org.
    await expectError(await send(instructor, 'POST', `/modules/${module.id}/approve`), 403, 'forbidden');
    await expectError(await send(admin, 'POST', `/modules/${module.id}/reject`, {}), 400, 'invalid_input');
    const rejected = await expectJson<Json>(
      await send(admin, 'POST', `/modules/${module.id}/reject`, { comments: 'Add a quiz' }),
      200,
    );
    expect(rejected).toMatchObject({
      status: 'draft',
      lastReview: { decision: 'rejected', comments: 'Add a quiz', by: admin.userId },
    });
    expect((await editorView(module.id)).lastReview.comments).toBe('Add a quiz');

    const quiz = await addSection(instructor, module.id, {
      title: 'Check',
      contentType: 'quiz',
      contentData: quizContent,
    });
    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    const approved = await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`), 200);
    expect(approved).toMatchObject({ status: 'published', publishedVersion: '1.0.0' });

    // A change → minor bump; removing a section → major bump.
    await expectJson<Json>(
      await send(instructor, 'PUT', `/modules/${module.id}/sections/${text.sectionId}`, {
        contentData: { markdown: 'Hello again' },
      }),
      200,
    );
    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    expect(
      (await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`), 200)).publishedVersion,
    ).toBe('1.1.0');
    await expectJson<Json>(await send(instructor, 'DELETE', `/modules/${module.id}/sections/${quiz.sectionId}`), 200);
    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    expect(
      (await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`), 200)).publishedVersion,
    ).toBe('2.0.0');

    const versions = await expectJson<Json>(await send(instructor, 'GET', `/modules/${module.id}/versions`), 200);
    expect(versions.items.map((v: Json) => v.version)).toEqual(['2.0.0', '1.1.0', '1.0.0']);
    expect(versions.items[0].changes.removed).toEqual([quiz.sectionId]);
    expect(versions.items[1].changes.changed).toEqual([text.sectionId]);
  });

  it("refuses an admin's approval of their own module in a multi-person organisation; another publisher approves", async () => {
    const module = await newModule(admin, { title: 'Written by the admin' });
    await addSection(admin, module.id, { title: 'Read', contentType: 'text', contentData: { markdown: 'x' } });
    await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/submit`), 200);
    const before = await expectJson<Json>(await send(admin, 'GET', `/modules/${module.id}`), 200);
    const refused = await expectError(await send(admin, 'POST', `/modules/${module.id}/approve`), 403, 'forbidden');
    expect(refused.error.message).toMatch(/other than the author/);
    const after = await expectJson<Json>(await send(admin, 'GET', `/modules/${module.id}`), 200);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ status: 'review', publishedVersion: null });
    expect((await expectJson<Json>(await send(admin, 'GET', `/modules/${module.id}/versions`), 200)).items).toEqual([]);
    const approved = await expectJson<Json>(await send(owner, 'POST', `/modules/${module.id}/approve`), 200);
    expect(approved).toMatchObject({
      status: 'published',
      publishedVersion: '1.0.0',
      lastReview: { by: owner.userId },
    });
  });

  it('lets the only member of an organisation approve their own module', async () => {
    const solo = await signUp(call, 'edu-solo@example.com');
    const soloAs = (method: string, path: string, body?: unknown) =>
      call(method, `${api}${path}`, {
        token: solo.accessToken,
        orgId: solo.personalOrgId,
        ...(body !== undefined ? { body } : {}),
      });
    const module = await expectJson<Json>(
      await soloAs('POST', '/modules', { title: 'Solo', contentType: 'text', difficulty: 'beginner' }),
      201,
    );
    await expectJson<Json>(
      await soloAs('POST', `/modules/${module.id}/sections`, {
        title: 'S',
        contentType: 'text',
        contentData: { markdown: 'x' },
      }),
      201,
    );
    await expectJson<Json>(await soloAs('POST', `/modules/${module.id}/submit`), 200);
    expect((await expectJson<Json>(await soloAs('POST', `/modules/${module.id}/approve`), 200)).publishedVersion).toBe(
      '1.0.0',
    );
  });

  it('lists modules with filters and a cursor', async () => {
    const tagged = await newModule(instructor, { tags: ['filter-me'], difficulty: 'advanced' });
    const page = await expectJson<Json>(await send(admin, 'GET', '/modules?tag=filter-me'), 200);
    expect(page.items.map((m: Json) => m.id)).toEqual([tagged.id]);
    expect(
      (await expectJson<Json>(await send(admin, 'GET', '/modules?tag=filter-me&difficulty=beginner'), 200)).items,
    ).toEqual([]);
    const first = await expectJson<Json>(await send(admin, 'GET', '/modules?limit=2'), 200);
    expect(first.items).toHaveLength(2);
    const second = await expectJson<Json>(
      await send(admin, 'GET', `/modules?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`),
      200,
    );
    expect(second.items.map((m: Json) => m.id)).not.toContain(first.items[0].id);
    const drafts = await expectJson<Json>(await send(admin, 'GET', '/modules?status=draft&limit=100'), 200);
    expect(drafts.items.every((m: Json) => m.status === 'draft')).toBe(true);
    await expectError(await send(learner, 'GET', '/modules'), 403, 'forbidden');
  });
});

describe('learners', () => {
  it('hides unpublished modules from learners (404) and quiz answers once published', async () => {
    const draft = await newModule(instructor);
    const section = await addSection(instructor, draft.id, {
      title: 'T',
      contentType: 'text',
      contentData: { markdown: 'x' },
    });
    const before = await editorView(draft.id);
    await expectError(await send(learner, 'GET', `/modules/${draft.id}`), 404, 'not_found');
    await expectError(await send(learner, 'POST', `/modules/${draft.id}/enroll`), 404, 'not_found');
    await expectError(
      await send(learner, 'POST', `/modules/${draft.id}/sections/${section.sectionId}/complete`),
      404,
      'not_found',
    );
    await expectError(await send(learner, 'GET', `/modules/${draft.id}/versions`), 404, 'not_found');
    // Nothing was stored: no enrolment, no progress, the draft as it was.
    expect(await editorView(draft.id)).toEqual(before);
    expect(await expectJson<Json>(await send(instructor, 'GET', `/modules/${draft.id}/insights`), 200)).toMatchObject({
      enrollments: 0,
      completions: 0,
      dropOff: [],
    });
    expect(
      (await expectJson<Json>(await send(learner, 'GET', '/me/learning?limit=100'), 200)).items.map(
        (i: Json) => i.moduleId,
      ),
    ).not.toContain(draft.id);

    const published = await publishedModule();
    const view = await expectJson<Json>(await send(learner, 'GET', `/modules/${published.id}`), 200);
    expect(view).toMatchObject({ view: 'learner', version: '1.0.0', enrollment: null });
    expect(JSON.stringify(view)).not.toContain('"correct"');
    expect(view.sections[1].contentData.questions[1].multiple).toBe(true);
  });

  it('takes a learner from the catalog to 100% and feeds the insights', async () => {
    const module = await publishedModule({ tags: ['journey'] });
    const catalog = await expectJson<Json>(await send(learner, 'GET', '/catalog?tag=journey'), 200);
    expect(catalog.items).toHaveLength(1);
    expect(catalog.items[0]).toMatchObject({ id: module.id, version: '1.0.0', enrollment: null, sectionCount: 2 });

    const enrolled = await expectJson<Json>(await send(learner, 'POST', `/modules/${module.id}/enroll`), 201);
    expect(enrolled).toMatchObject({
      version: '1.0.0',
      percentComplete: 0,
      nextSectionId: module.text,
      status: 'in_progress',
    });
    await expectError(await send(learner, 'POST', `/modules/${module.id}/enroll`), 409, 'conflict');
    await expectError(
      await send(learner, 'POST', `/modules/${module.id}/sections/${module.quiz}/complete`),
      409,
      'conflict',
    );

    const read = await expectJson<Json>(
      await send(learner, 'POST', `/modules/${module.id}/sections/${module.text}/complete`),
      200,
    );
    expect(read).toMatchObject({ percentComplete: 50, nextSectionId: module.quiz });

    const failed = await expectJson<Json>(
      await send(learner, 'POST', `/modules/${module.id}/sections/${module.quiz}/quiz-attempts`, {
        answers: { q1: ['b'], q2: ['a'] },
      }),
      200,
    );
    expect(failed).toMatchObject({
      score: 0,
      passed: false,
      attempt: 1,
      questions: [
        { questionId: 'q1', correct: false },
        { questionId: 'q2', correct: false },
      ],
    });
    expect(failed.progress.percentComplete).toBe(50);

    const passed = await expectJson<Json>(
      await send(learner, 'POST', `/modules/${module.id}/sections/${module.quiz}/quiz-attempts`, {
        answers: { q1: ['a'], q2: ['a', 'b'] },
      }),
      200,
    );
    expect(passed).toMatchObject({ score: 100, passed: true, attempt: 2 });
    expect(passed.progress).toMatchObject({ percentComplete: 100, status: 'completed', nextSectionId: null });

    const learning = await expectJson<Json>(await send(learner, 'GET', '/me/learning'), 200);
    expect(learning.items.find((i: Json) => i.moduleId === module.id)).toMatchObject({
      percentComplete: 100,
      status: 'completed',
    });
    const again = await expectJson<Json>(await send(learner, 'GET', '/catalog?tag=journey'), 200);
    expect(again.items[0].enrollment).toMatchObject({ status: 'completed', percentComplete: 100 });

    const insights = await expectJson<Json>(await send(instructor, 'GET', `/modules/${module.id}/insights`), 200);
    expect(insights).toMatchObject({ enrollments: 1, completions: 1, completionRate: 1 });
    const q1 = insights.questions.find((q: Json) => q.questionId === 'q1');
    expect(q1).toMatchObject({ attempts: 2, correct: 1, averageScore: 50, prompt: 'What does ML stand for?' });
    await expectError(await send(learner, 'GET', `/modules/${module.id}/insights`), 403, 'forbidden');
  });

  it('reports where learners stop', async () => {
    const module = await publishedModule();
    await expectJson<Json>(await send(learner, 'POST', `/modules/${module.id}/enroll`), 201);
    await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/enroll`), 201);
    await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/sections/${module.text}/complete`), 200);
    const insights = await expectJson<Json>(await send(admin, 'GET', `/modules/${module.id}/insights`), 200);
    expect(insights).toMatchObject({ enrollments: 2, completions: 0, completionRate: 0 });
    expect(insights.dropOff).toEqual([
      { sectionId: module.text, title: 'Reading', learners: 1 },
      { sectionId: module.quiz, title: 'Check', learners: 1 },
    ]);
  });

  it('refuses quiz answers for another module (404) and leaves progress as it was', async () => {
    const mine = await publishedModule();
    const other = await publishedModule();
    await expectJson<Json>(await send(learner, 'POST', `/modules/${mine.id}/enroll`), 201);
    await expectJson<Json>(await send(learner, 'POST', `/modules/${other.id}/enroll`), 201);
    const before = await expectJson<Json>(await send(learner, 'GET', `/modules/${mine.id}`), 200);
    await expectError(
      await send(learner, 'POST', `/modules/${mine.id}/sections/${other.quiz}/quiz-attempts`, {
        answers: { q1: ['a'], q2: ['a', 'b'] },
      }),
      404,
      'not_found',
    );
    await expectError(
      await send(learner, 'POST', `/modules/${mine.id}/sections/${mine.quiz}/quiz-attempts`, {
        answers: { nope: ['a'] },
      }),
      400,
      'invalid_input',
    );
    const after = await expectJson<Json>(await send(learner, 'GET', `/modules/${mine.id}`), 200);
    expect(after.enrollment).toEqual(before.enrollment);
    const insights = await expectJson<Json>(await send(instructor, 'GET', `/modules/${mine.id}/insights`), 200);
    expect(insights.questions).toEqual([]);
  });

  it('requires completed prerequisites to enrol (409 listing them)', async () => {
    const basics = await publishedModule({ title: 'Basics' });
    const advanced = await publishedModule({ title: 'Advanced', prerequisites: [basics.id] });
    const refused = await expectError(await send(learner, 'POST', `/modules/${advanced.id}/enroll`), 409, 'conflict');
    expect(refused.error.details?.missingPrerequisites).toEqual([{ id: basics.id, title: 'Basics' }]);
    expect((await expectJson<Json>(await send(learner, 'GET', `/modules/${advanced.id}`), 200)).enrollment).toBeNull();
    await expectJson<Json>(await send(learner, 'POST', `/modules/${basics.id}/enroll`), 201);
    await expectJson<Json>(await send(learner, 'POST', `/modules/${basics.id}/sections/${basics.text}/complete`), 200);
    await expectJson<Json>(
      await send(learner, 'POST', `/modules/${basics.id}/sections/${basics.quiz}/quiz-attempts`, {
        answers: { q1: ['a'], q2: ['a', 'b'] },
      }),
      200,
    );
    await expectJson<Json>(await send(learner, 'POST', `/modules/${advanced.id}/enroll`), 201);
  });

  it('keeps a learner on their version until they move; progress carries over by section id', async () => {
    const module = await publishedModule();
    await expectJson<Json>(await send(learner, 'POST', `/modules/${module.id}/enroll`), 201);
    await expectJson<Json>(await send(learner, 'POST', `/modules/${module.id}/sections/${module.text}/complete`), 200);
    await expectJson<Json>(
      await send(learner, 'POST', `/modules/${module.id}/sections/${module.quiz}/quiz-attempts`, {
        answers: { q1: ['a'], q2: ['a', 'b'] },
      }),
      200,
    );

    await addSection(instructor, module.id, { title: 'Extra', contentType: 'text', contentData: { markdown: 'More' } });
    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`), 200);

    const still = await expectJson<Json>(await send(learner, 'GET', `/modules/${module.id}`), 200);
    expect(still).toMatchObject({ version: '1.0.0', latestVersion: '1.1.0' });
    expect(still.sections).toHaveLength(2);
    expect(still.enrollment.percentComplete).toBe(100);

    const moved = await expectJson<Json>(await send(learner, 'POST', `/modules/${module.id}/enrollment/move`), 200);
    expect(moved).toMatchObject({ version: '1.1.0', percentComplete: 66, status: 'in_progress' });
    expect(moved.quizzes[module.quiz].passed).toBe(true);
    await expectError(await send(learner, 'POST', `/modules/${module.id}/enrollment/move`), 409, 'conflict');
  });

  it('archives instead of deleting a module learners are enrolled in, and deletes a draft', async () => {
    const module = await publishedModule();
    await expectJson<Json>(await send(learner, 'POST', `/modules/${module.id}/enroll`), 201);
    const result = await expectJson<Json>(await send(instructor, 'DELETE', `/modules/${module.id}`), 200);
    expect(result).toMatchObject({ outcome: 'archived', module: { status: 'archived' } });
    expect(result.message).toMatch(/archived instead/);
    // Enrolled learners keep it; the catalog no longer lists it.
    expect((await expectJson<Json>(await send(learner, 'GET', `/modules/${module.id}`), 200)).status).toBe('archived');
    const catalog = await expectJson<Json>(await send(learner, 'GET', '/catalog?limit=100'), 200);
    expect(catalog.items.map((i: Json) => i.id)).not.toContain(module.id);

    const draft = await newModule(instructor);
    expect((await expectJson<Json>(await send(instructor, 'DELETE', `/modules/${draft.id}`), 200)).outcome).toBe(
      'deleted',
    );
    await expectError(await send(instructor, 'GET', `/modules/${draft.id}`), 404, 'not_found');
  });
});

describe('tenancy', () => {
  it('answers 404 to another organisation for everything in a module, 403 when forging its id, and changes nothing', async () => {
    const module = await publishedModule();
    const before = await editorView(module.id);
    const b = { token: outsider.accessToken, orgId: outsider.personalOrgId };
    const attempts: [string, string, unknown?][] = [
      ['GET', `/modules/${module.id}`],
      ['PUT', `/modules/${module.id}`, { title: 'Taken', version: before.version }],
      ['DELETE', `/modules/${module.id}`],
      ['POST', `/modules/${module.id}/sections`, { title: 'X', contentType: 'text', contentData: { markdown: 'x' } }],
      ['POST', `/modules/${module.id}/enroll`],
      ['POST', `/modules/${module.id}/sections/${module.quiz}/quiz-attempts`, { answers: { q1: ['a'] } }],
      ['GET', `/modules/${module.id}/insights`],
      ['GET', `/modules/${module.id}/versions`],
    ];
    for (const [method, path, body] of attempts) {
      await expectError(
        await call(method, `${api}${path}`, { ...b, ...(body !== undefined ? { body } : {}) }),
        404,
        'not_found',
      );
      await expectError(
        await call(method, `${api}${path}`, {
          token: outsider.accessToken,
          orgId,
          ...(body !== undefined ? { body } : {}),
        }),
        403,
        'forbidden',
      );
    }
    expect(await editorView(module.id)).toEqual(before);
    const catalog = await expectJson<Json>(await call('GET', `${api}/catalog`, b), 200);
    expect(catalog.items.map((i: Json) => i.id)).not.toContain(module.id);
  });

  it('shows public modules to other organisations once published', async () => {
    const module = await publishedModule({ visibility: 'public', title: 'Open course' });
    const b = { token: outsider.accessToken, orgId: outsider.personalOrgId };
    const catalog = await expectJson<Json>(await call('GET', `${api}/catalog`, b), 200);
    expect(catalog.items.map((i: Json) => i.id)).toContain(module.id);
    const view = await expectJson<Json>(await call('GET', `${api}/modules/${module.id}`, b), 200);
    expect(view.view).toBe('learner');
    await expectJson<Json>(await call('POST', `${api}/modules/${module.id}/enroll`, b), 201);
    await expectError(
      await call('PUT', `${api}/modules/${module.id}`, { ...b, body: { title: 'Mine now', version: 1 } }),
      404,
      'not_found',
    );
  });
});

describe('account data', () => {
  it('puts enrolments in the account export and erases them with the account', async () => {
    const module = await publishedModule();
    const leaving = await signUp(call, 'edu-leaving@example.com');
    await join(call, owner, orgId, leaving, 'member');
    await expectJson<Json>(await send(leaving, 'POST', `/modules/${module.id}/enroll`), 201);
    await expectJson<Json>(await send(leaving, 'POST', `/modules/${module.id}/sections/${module.text}/complete`), 200);
    const exported = await expectJson<Json>(await call('GET', '/api/me/export', { token: leaving.accessToken }), 200);
    expect(exported.education.enrollments).toEqual([
      expect.objectContaining({
        moduleId: module.id,
        version: '1.0.0',
        completedSectionIds: [module.text],
        percentComplete: 50,
      }),
    ]);
    expect(
      (await expectJson<Json>(await send(instructor, 'GET', `/modules/${module.id}/insights`), 200)).enrollments,
    ).toBe(1);
    const deleted = await call('DELETE', '/api/me', { token: leaving.accessToken, body: { password: strongPassword } });
    expect(deleted.status, await deleted.text()).toBe(204);
    expect(
      (await expectJson<Json>(await send(instructor, 'GET', `/modules/${module.id}/insights`), 200)).enrollments,
    ).toBe(0);
  });
});

describe('video sections', () => {
  const videoAsset = (moduleId: string, sectionId: string, uploadId: string, contentType = 'video/mp4') => ({
    organizationId: orgId,
    ownerKind: 'module',
    ownerId: moduleId,
    uploadId,
    purpose: 'section-asset' as const,
    key: `orgs/${orgId}/modules/${moduleId}/videos/${uploadId}.mp4`,
    contentType,
    sizeBytes: 1000,
    fileName: 'lesson.mp4',
    metadata: { durationSeconds: 120 },
    createdBy: instructor.userId,
    context: { sectionId },
  });
  const uploadA = 'upl_01M8B18KX865E494W8NNC55W5A';
  const uploadB = 'upl_01M8B18KX865E494W8NNC55W5B';

  it('needs the uploaded video: refused at submit without one (422), referenced by contentData once processed', async () => {
    const module = await newModule(instructor);
    await addSection(instructor, module.id, { title: 'Read', contentType: 'text', contentData: { markdown: 'x' } });
    // A video section cannot name an upload before one was processed for it.
    await expectError(
      await send(instructor, 'POST', `/modules/${module.id}/sections`, {
        title: 'Watch',
        contentType: 'video',
        contentData: { uploadId: uploadA },
      }),
      400,
      'invalid_input',
    );
    const video = await addSection(instructor, module.id, {
      title: 'Watch',
      contentType: 'video',
      contentData: { caption: 'The lesson' },
    });
    const before = await editorView(module.id);
    const refused = await expectError(
      await send(instructor, 'POST', `/modules/${module.id}/submit`),
      422,
      'unprocessable',
    );
    expect(refused.error.details).toMatchObject({ reason: 'video_missing', sectionIds: [video.sectionId] });
    // An image uploaded to a video section is not a video either.
    const owner = platform.deps.education.moduleUploadOwner;
    await owner.attach({ ...videoAsset(module.id, video.sectionId, uploadB, 'image/png') });
    await expectError(await send(instructor, 'POST', `/modules/${module.id}/submit`), 422, 'unprocessable');
    expect((await editorView(module.id)).status).toBe(before.status);

    await owner.attach(videoAsset(module.id, video.sectionId, uploadA));
    const attached = await editorView(module.id);
    const section = attached.sections.find((s: Json) => s.id === video.sectionId);
    expect(section.contentData).toEqual({ caption: 'The lesson', uploadId: uploadA });
    expect(section.asset).toMatchObject({ uploadId: uploadA, contentType: 'video/mp4', durationSeconds: 120 });
    expect(section.duration).toBe(2);

    // Editing the caption keeps the video; naming another upload is refused and changes nothing.
    const edited = await expectJson<Json>(
      await send(instructor, 'PUT', `/modules/${module.id}/sections/${video.sectionId}`, {
        contentData: { caption: 'Renamed' },
      }),
      200,
    );
    expect(edited.sections.find((s: Json) => s.id === video.sectionId).contentData).toEqual({
      caption: 'Renamed',
      uploadId: uploadA,
    });
    await expectError(
      await send(instructor, 'PUT', `/modules/${module.id}/sections/${video.sectionId}`, {
        contentData: { caption: 'Hijack', uploadId: uploadB },
      }),
      400,
      'invalid_input',
    );
    expect(await editorView(module.id)).toEqual(edited);

    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`), 200);
    const played = await expectJson<Json>(await send(learner, 'GET', `/modules/${module.id}`), 200);
    const learnerSection = played.sections.find((s: Json) => s.id === video.sectionId);
    expect(learnerSection.contentData).toEqual({ caption: 'Renamed', uploadId: uploadA });
    expect(learnerSection.asset.url).toContain(encodeURIComponent(`videos/${uploadA}.mp4`));
  });
});

describe('unpublished content', () => {
  it("is 404 for learners: a draft module's files, and sections added since the published version", async () => {
    const draft = await newModule(instructor);
    const video = await addSection(instructor, draft.id, { title: 'Watch', contentType: 'video', contentData: {} });
    const key = `orgs/${orgId}/modules/${draft.id}/videos/upl_draft.mp4`;
    await platform.deps.education.moduleUploadOwner.attach({
      organizationId: orgId,
      ownerKind: 'module',
      ownerId: draft.id,
      uploadId: 'upl_draft',
      purpose: 'section-asset',
      key,
      contentType: 'video/mp4',
      sizeBytes: 10,
      fileName: 'draft.mp4',
      metadata: {},
      createdBy: instructor.userId,
      context: { sectionId: video.sectionId },
    });
    const assetPath = `/modules/${draft.id}/asset?key=${encodeURIComponent(key)}`;
    expect((await send(instructor, 'GET', assetPath)).status).toBe(302);
    await expectError(await send(learner, 'GET', assetPath), 404, 'not_found');
    await expectError(await send(learner, 'GET', `${assetPath}&format=json`), 404, 'not_found');

    const published = await publishedModule();
    const added = await addSection(instructor, published.id, {
      title: 'Not yet published',
      contentType: 'text',
      contentData: { markdown: 'secret draft' },
    });
    const view = await expectJson<Json>(await send(learner, 'GET', `/modules/${published.id}`), 200);
    expect(view.sections.map((s: Json) => s.id)).toEqual([published.text, published.quiz]);
    expect(JSON.stringify(view)).not.toContain('secret draft');
    await expectJson<Json>(await send(learner, 'POST', `/modules/${published.id}/enroll`), 201);
    const before = await expectJson<Json>(await send(learner, 'GET', `/modules/${published.id}`), 200);
    await expectError(
      await send(learner, 'POST', `/modules/${published.id}/sections/${added.sectionId}/complete`),
      404,
      'not_found',
    );
    expect((await expectJson<Json>(await send(learner, 'GET', `/modules/${published.id}`), 200)).enrollment).toEqual(
      before.enrollment,
    );
  });
});

describe('files of a published module', () => {
  it("are the version's for learners: documents and section files added since are 404 until approved", async () => {
    const owner = platform.deps.education.moduleUploadOwner;
    const module = await newModule(instructor);
    const section = await addSection(instructor, module.id, {
      title: 'Read',
      contentType: 'text',
      contentData: { markdown: 'Look at the figure.' },
    });
    const file = (uploadId: string, purpose: 'section-asset' | 'document', folder: string, ext: string) => ({
      organizationId: orgId,
      ownerKind: 'module',
      ownerId: module.id,
      uploadId,
      purpose,
      key: `orgs/${orgId}/modules/${module.id}/${folder}/${uploadId}.${ext}`,
      contentType: ext === 'pdf' ? 'application/pdf' : 'image/png',
      sizeBytes: 10,
      fileName: `${uploadId}.${ext}`,
      metadata: {},
      createdBy: instructor.userId,
      context: { sectionId: section.sectionId },
    });
    const figure = file('upl_figure1', 'section-asset', 'images', 'png');
    const notes = file('upl_notes1', 'document', 'documents', 'pdf');
    await owner.attach(figure);
    await owner.attach(notes);
    await expectJson<Json>(await send(instructor, 'POST', `/modules/${module.id}/submit`), 200);
    await expectJson<Json>(await send(admin, 'POST', `/modules/${module.id}/approve`), 200);

    // Since publishing: another document and a new figure in the working copy.
    const laterNotes = file('upl_notes2', 'document', 'documents', 'pdf');
    const laterFigure = file('upl_figure2', 'section-asset', 'images', 'png');
    await owner.attach(laterNotes);
    await owner.attach(laterFigure);

    const view = await expectJson<Json>(await send(learner, 'GET', `/modules/${module.id}`), 200);
    expect(view.documents.map((d: Json) => d.uploadId)).toEqual(['upl_notes1']);
    expect(view.sections[0].asset.uploadId).toBe('upl_figure1');
    const open = (user: SignedUp, key: string) =>
      send(user, 'GET', `/modules/${module.id}/asset?key=${encodeURIComponent(key)}&format=json`);
    await expectJson<Json>(await open(learner, figure.key), 200);
    await expectJson<Json>(await open(learner, notes.key), 200);
    await expectError(await open(learner, laterNotes.key), 404, 'not_found');
    await expectError(await open(learner, laterFigure.key), 404, 'not_found');
    await expectError(await open(learner, figure.key.replace('upl_figure1', 'upl_guessed')), 404, 'not_found');
    // Editors open everything of their module.
    await expectJson<Json>(await open(instructor, laterNotes.key), 200);
    await expectJson<Json>(await open(instructor, laterFigure.key), 200);
  });
});

describe('upload owner (kind module)', () => {
  it('authorises editors only and attaches thumbnails, section assets and documents idempotently', async () => {
    const owner = platform.deps.education.moduleUploadOwner;
    const module = await newModule(instructor);
    const video = await addSection(instructor, module.id, { title: 'Watch', contentType: 'video', contentData: {} });
    const actor = (user: SignedUp, role: 'instructor' | 'member') => ({
      userId: user.userId,
      orgId,
      role,
      plan: 'free' as const,
    });
    await owner.authorize(actor(instructor, 'instructor'), module.id);
    await expect(owner.authorize(actor(learner, 'member'), module.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      owner.authorize(
        { userId: outsider.userId, orgId: outsider.personalOrgId, role: 'owner', plan: 'free' },
        module.id,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(owner.keyPrefix(orgId, module.id)).toBe(`orgs/${orgId}/modules/${module.id}/`);

    const asset = {
      organizationId: orgId,
      ownerKind: 'module',
      ownerId: module.id,
      contentType: 'video/mp4',
      sizeBytes: 1000,
      fileName: 'intro.mp4',
      metadata: { durationSeconds: 600 },
      createdBy: instructor.userId,
    };
    const sectionAsset = {
      ...asset,
      uploadId: 'upl_1',
      purpose: 'section-asset' as const,
      key: `orgs/${orgId}/modules/${module.id}/videos/upl_1.mp4`,
      context: { sectionId: video.sectionId },
    };
    await owner.attach(sectionAsset);
    await owner.attach(sectionAsset);
    await owner.attach({
      ...asset,
      uploadId: 'upl_2',
      purpose: 'thumbnail',
      key: `orgs/${orgId}/modules/${module.id}/thumbnails/upl_2.png`,
      contentType: 'image/png',
    });
    const doc = {
      ...asset,
      uploadId: 'upl_3',
      purpose: 'document' as const,
      key: `orgs/${orgId}/modules/${module.id}/documents/upl_3.pdf`,
      contentType: 'application/pdf',
    };
    await owner.attach(doc);
    await owner.attach(doc);
    const after = await editorView(module.id);
    const link = (key: string) => `/api/education/modules/${module.id}/asset?key=${encodeURIComponent(key)}`;
    const videoKey = `orgs/${orgId}/modules/${module.id}/videos/upl_1.mp4`;
    expect(after.sections[0].asset).toMatchObject({ uploadId: 'upl_1', durationSeconds: 600, url: link(videoKey) });
    expect(after.estimatedDuration).toBe(10);
    expect(after.thumbnailUrl).toBe(link(`orgs/${orgId}/modules/${module.id}/thumbnails/upl_2.png`));
    // The asset route redirects editors to a signed download URL; others' keys and other tenants get 404.
    const opened = await call('GET', link(videoKey), as(instructor));
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toMatch(/^\/api\/blobs\/download|^http/);
    // The web app asks for the same signed URL as JSON (an <img> cannot send the bearer token).
    const asJson = await expectJson<Json>(await call('GET', `${link(videoKey)}&format=json`, as(instructor)), 200);
    expect(asJson.url).toMatch(/^\/api\/blobs\/download|^http/);
    const foreignKey = `orgs/${outsider.personalOrgId}/modules/${module.id}/videos/upl_1.mp4`;
    await expectError(
      await call(
        'GET',
        `/api/education/modules/${module.id}/asset?key=${encodeURIComponent(foreignKey)}`,
        as(instructor),
      ),
      404,
      'not_found',
    );
    await expectError(
      await call('GET', link(videoKey), { token: outsider.accessToken, orgId: outsider.personalOrgId }),
      404,
      'not_found',
    );
    expect(after.documents.map((d: Json) => d.uploadId)).toEqual(['upl_3']);
  });
});
