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

/**
 * A published module whose version shows a document (attached as the upload pipeline would), so the
 * asset route has a file learners may open; returns its object key.
 */
async function publishedModuleWithDocument(world: World): Promise<FixtureModule & { documentKey: string }> {
  const module = await draftModule(world, 'Matrix module with a document');
  const documentKey = `orgs/${world.orgA.id}/modules/${module.id}/documents/upl_matrix.pdf`;
  await world.platform.deps.education.moduleUploadOwner.attach({
    organizationId: world.orgA.id,
    ownerKind: 'module',
    ownerId: module.id,
    uploadId: 'upl_matrix',
    purpose: 'document',
    key: documentKey,
    contentType: 'application/pdf',
    sizeBytes: 10,
    fileName: 'matrix.pdf',
    metadata: { pageCount: 1 },
    createdBy: world.callers.instructor.userId ?? 'usr_matrix_instructor',
  });
  await post(world.callers.instructor, `/modules/${module.id}/submit`, {}, 200);
  const approved = await post<ModuleBody>(world.callers.admin, `/modules/${module.id}/approve`, {}, 200);
  return { ...module, version: approved.version, documentKey };
}

const withDocument = new WeakMap<World, ReturnType<typeof publishedModuleWithDocument>>();
/** One published module with a document per world (read-only rows of the asset route). */
export function sharedModuleWithDocument(world: World): ReturnType<typeof publishedModuleWithDocument> {
  let module = withDocument.get(world);
  if (!module) {
    module = publishedModuleWithDocument(world);
    withDocument.set(world, module);
  }
  return module;
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
