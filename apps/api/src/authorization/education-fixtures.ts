/**
 * Education modules for the authorisation suites: authored by organisation A's instructor, published
 * by A's admin, through the HTTP API. Every destructive cell gets a module of its own.
 */
import { type Caller, sendOk, type World } from './fixture-world.ts';

export const educationApi = '/api/education';

export interface FixtureModule {
  id: string;
  version: number;
  textId: string;
  quizId: string;
}

export const passingAnswers = { answers: { q1: ['a'], q2: ['a', 'b'] } };

const quiz = {
  passingScore: 50,
  questions: [
    {
      id: 'q1',
      prompt: 'One?',
      choices: [
        { id: 'a', text: 'Yes', correct: true },
        { id: 'b', text: 'No', correct: false },
      ],
    },
    {
      id: 'q2',
      prompt: 'Two?',
      choices: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B', correct: true },
      ],
    },
  ],
};

interface ModuleBody {
  id: string;
  version: number;
  sectionId?: string;
}

const post = <T>(caller: Caller, path: string, body: unknown, status: number) =>
  sendOk<T>(caller, 'POST', { path: `${educationApi}${path}`, body }, status);

/** A draft by A's instructor with a text section and a quiz. */
export async function draftModule(world: World, title = 'Matrix module'): Promise<FixtureModule> {
  const author = world.callers.instructor;
  const module = await post<ModuleBody>(
    author,
    '/modules',
    { title, contentType: 'mixed', difficulty: 'beginner' },
    201,
  );
  const text = await post<ModuleBody>(
    author,
    `/modules/${module.id}/sections`,
    { title: 'Read', contentType: 'text', contentData: { markdown: 'Hello' } },
    201,
  );
  const withQuiz = await post<ModuleBody>(
    author,
    `/modules/${module.id}/sections`,
    { title: 'Quiz', contentType: 'quiz', contentData: quiz },
    201,
  );
  return { id: module.id, version: withQuiz.version, textId: text.sectionId!, quizId: withQuiz.sectionId! };
}

export async function moduleInReview(world: World): Promise<FixtureModule> {
  const module = await draftModule(world);
  const submitted = await post<ModuleBody>(world.callers.instructor, `/modules/${module.id}/submit`, {}, 200);
  return { ...module, version: submitted.version };
}

export async function publishedModule(world: World): Promise<FixtureModule> {
  const module = await moduleInReview(world);
  const approved = await post<ModuleBody>(world.callers.admin, `/modules/${module.id}/approve`, {}, 200);
  return { ...module, version: approved.version };
}

/** Publishes a new version of `module` (a changed text section). */
export async function republish(world: World, module: FixtureModule): Promise<void> {
  await sendOk(
    world.callers.instructor,
    'PUT',
    {
      path: `${educationApi}/modules/${module.id}/sections/${module.textId}`,
      body: { contentData: { markdown: 'Hello v2' } },
    },
    200,
  );
  await post(world.callers.instructor, `/modules/${module.id}/submit`, {}, 200);
  await post(world.callers.admin, `/modules/${module.id}/approve`, {}, 200);
}

/** Enrols the caller when they belong to organisation A (others are refused before enrolment matters). */
export async function enrolIfMember(world: World, caller: Caller, module: FixtureModule): Promise<void> {
  if (caller.role === 'anonymous' || caller.role === 'platform_admin') return;
  await post(caller, `/modules/${module.id}/enroll`, undefined, 201);
  void world;
}

const shared = new WeakMap<World, Promise<FixtureModule>>();
/** One published module per world for read-only rows. */
export function sharedPublishedModule(world: World): Promise<FixtureModule> {
  let module = shared.get(world);
  if (!module) {
    module = publishedModule(world);
    shared.set(world, module);
  }
  return module;
}
