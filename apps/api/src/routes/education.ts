/**
 * Education over HTTP (issue 4): modules and sections (authors), review and versions (reviewers),
 * the catalog, enrolment and progress (learners), insights (authors and admins). Every route acts in
 * the active organisation (`X-Organization-Id`, else the caller's default one); the facade authorises.
 * Changes to a module carry the edit version they were made against: `If-Match: "<version>"` or a
 * `version` field; a stale one is 409.
 */
import {
  Catalog,
  CatalogQuery,
  CreateModuleRequest,
  DeleteModuleResult,
  LearningList,
  ModuleDetails,
  ModuleEditorView,
  ModuleInsights,
  ModuleList,
  ModuleListQuery,
  ModuleParams,
  ModuleView,
  PageQuery,
  ProgressView,
  QuizAttemptRequest,
  QuizAttemptResult,
  ReorderSectionsRequest,
  ReviewRequest,
  SectionCreated,
  SectionParams,
  SectionRequest,
  SignedAssetLink,
  UpdateModuleRequest,
  UpdateSectionRequest,
  VersionList,
} from '@diatonic/api-schemas';
import { type Actor, AppError, type Education } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';

const tags = ['education'];
const base = '/api/education';
const moduleTarget = (params: Record<string, string>) => (params.id ? { type: 'module', id: params.id } : null);
const audit = (action: string) => signedIn({ action: `education.${action}`, target: moduleTarget });
const ifMatch = z.object({ 'if-match': z.string().max(40).optional() });

/** The edit version a change names: the body's `version`, else `If-Match` (`"3"`, `W/"3"` or `3`). */
function editVersion(c: Context<AppEnv>, bodyVersion: number | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match) throw AppError.invalidInput('If-Match must be the module version, e.g. "3"', { field: 'if-match' });
  return Number(match[1]);
}

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw AppError.forbidden('module:read', 'Join or create an organisation to use education');
  return actor;
}

const createModuleRoute = createRoute({
  method: 'post',
  path: `${base}/modules`,
  tags,
  summary: 'Create a module in draft (module:create)',
  ...signedIn({ action: 'education.module_create' }),
  request: { body: jsonBody(CreateModuleRequest) },
  responses: { 201: jsonResponse('The new module', ModuleEditorView), ...errorResponses(400, 401, 403, 422) },
});

const listModulesRoute = createRoute({
  method: 'get',
  path: `${base}/modules`,
  tags,
  summary:
    'Authoring list, newest first (module:create): admins see every module, instructors theirs and published ones',
  ...signedIn(),
  request: { query: ModuleListQuery },
  responses: { 200: jsonResponse('A page of modules', ModuleList), ...errorResponses(400, 401, 403) },
});

const getModuleRoute = createRoute({
  method: 'get',
  path: `${base}/modules/{id}`,
  tags,
  summary:
    'One module: the working copy (view `editor`) for its author and admins, else the published version the learner follows (view `learner`, no quiz answers). `?as=learner` previews the learner view.',
  ...signedIn(),
  request: { params: ModuleParams, query: z.object({ as: z.enum(['learner']).optional() }) },
  responses: { 200: jsonResponse('The module', ModuleDetails), ...errorResponses(401, 403, 404) },
});

const updateModuleRoute = createRoute({
  method: 'put',
  path: `${base}/modules/{id}`,
  tags,
  summary: 'Change the working copy (author or admin); needs the edit version (If-Match or `version`)',
  ...audit('module_update'),
  request: { params: ModuleParams, headers: ifMatch, body: jsonBody(UpdateModuleRequest) },
  responses: { 200: jsonResponse('The module', ModuleEditorView), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

const deleteModuleRoute = createRoute({
  method: 'delete',
  path: `${base}/modules/{id}`,
  tags,
  summary: 'Delete a module (module:delete); one learners are enrolled in is archived instead (`outcome`)',
  ...audit('module_delete'),
  request: { params: ModuleParams, headers: ifMatch },
  responses: { 200: jsonResponse('What happened', DeleteModuleResult), ...errorResponses(401, 403, 404, 409) },
});

const createSectionRoute = createRoute({
  method: 'post',
  path: `${base}/modules/{id}/sections`,
  tags,
  summary: 'Add a section at the end (author or admin)',
  ...audit('section_create'),
  request: { params: ModuleParams, headers: ifMatch, body: jsonBody(SectionRequest) },
  responses: {
    201: jsonResponse('The module with the new section', SectionCreated),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const updateSectionRoute = createRoute({
  method: 'put',
  path: `${base}/modules/{id}/sections/{sectionId}`,
  tags,
  summary: 'Change a section (author or admin)',
  ...audit('section_update'),
  request: { params: SectionParams, headers: ifMatch, body: jsonBody(UpdateSectionRequest) },
  responses: { 200: jsonResponse('The module', ModuleEditorView), ...errorResponses(400, 401, 403, 404, 409) },
});

const deleteSectionRoute = createRoute({
  method: 'delete',
  path: `${base}/modules/{id}/sections/{sectionId}`,
  tags,
  summary: 'Remove a section (author or admin)',
  ...audit('section_delete'),
  request: { params: SectionParams, headers: ifMatch },
  responses: { 200: jsonResponse('The module', ModuleEditorView), ...errorResponses(401, 403, 404, 409) },
});

const reorderRoute = createRoute({
  method: 'put',
  path: `${base}/modules/{id}/section-order`,
  tags,
  summary: 'Reorder the sections: `sectionOrder` lists every section id once',
  ...audit('section_reorder'),
  request: { params: ModuleParams, headers: ifMatch, body: jsonBody(ReorderSectionsRequest) },
  responses: { 200: jsonResponse('The module', ModuleEditorView), ...errorResponses(400, 401, 403, 404, 409) },
});

function reviewRoute(action: 'submit' | 'approve' | 'reject' | 'archive', summary: string) {
  return createRoute({
    method: 'post',
    path: `${base}/modules/{id}/${action}`,
    tags,
    summary,
    ...audit(`module_${action}`),
    request: { params: ModuleParams, headers: ifMatch, body: { ...jsonBody(ReviewRequest), required: false } },
    responses: { 200: jsonResponse('The module', ModuleView), ...errorResponses(400, 401, 403, 404, 409, 422) },
  });
}

const submitRoute = reviewRoute('submit', 'Send a draft for review (author, module:submit)');
const approveRoute = reviewRoute(
  'approve',
  'Publish a module in review as a new immutable version (module:publish; not the author, except in a one-person organisation)',
);
const rejectRoute = reviewRoute(
  'reject',
  'Send a module in review back to draft with `comments` the author sees (module:publish)',
);
const archiveRoute = reviewRoute(
  'archive',
  'Take a module out of the catalog; enrolled learners keep it (module:archive)',
);

const versionsRoute = createRoute({
  method: 'get',
  path: `${base}/modules/{id}/versions`,
  tags,
  summary: 'Published versions, newest first',
  ...signedIn(),
  request: { params: ModuleParams },
  responses: { 200: jsonResponse('The versions', VersionList), ...errorResponses(401, 403, 404) },
});

const catalogRoute = createRoute({
  method: 'get',
  path: `${base}/catalog`,
  tags,
  summary:
    'Published modules I can take (my organisation, and public ones elsewhere on the first page) with my enrolment',
  ...signedIn(),
  request: { query: CatalogQuery },
  responses: { 200: jsonResponse('A page of the catalog', Catalog), ...errorResponses(400, 401, 403) },
});

const enrollRoute = createRoute({
  method: 'post',
  path: `${base}/modules/{id}/enroll`,
  tags,
  summary: 'Enrol in the latest published version (module:enroll); incomplete prerequisites → 409 listing them',
  ...audit('enroll'),
  request: { params: ModuleParams },
  responses: { 201: jsonResponse('My progress', ProgressView), ...errorResponses(401, 403, 404, 409) },
});

const completeRoute = createRoute({
  method: 'post',
  path: `${base}/modules/{id}/sections/{sectionId}/complete`,
  tags,
  summary: 'Mark a (non-quiz) section of my version done',
  ...audit('section_complete'),
  request: { params: SectionParams },
  responses: { 200: jsonResponse('My progress', ProgressView), ...errorResponses(401, 403, 404, 409) },
});

const quizAttemptRoute = createRoute({
  method: 'post',
  path: `${base}/modules/{id}/sections/{sectionId}/quiz-attempts`,
  tags,
  summary: 'Answer a quiz; graded on the server (score, pass/fail and which questions were right)',
  ...audit('quiz_attempt'),
  request: { params: SectionParams, body: jsonBody(QuizAttemptRequest) },
  responses: { 200: jsonResponse('The grade', QuizAttemptResult), ...errorResponses(400, 401, 403, 404, 409) },
});

const moveRoute = createRoute({
  method: 'post',
  path: `${base}/modules/{id}/enrollment/move`,
  tags,
  summary: 'Move to the latest published version; progress carries over by section id',
  ...audit('enrollment_move'),
  request: { params: ModuleParams },
  responses: { 200: jsonResponse('My progress', ProgressView), ...errorResponses(401, 403, 404, 409) },
});

const learningRoute = createRoute({
  method: 'get',
  path: `${base}/me/learning`,
  tags,
  summary: 'My enrolments in the active organisation with percent complete and the next section',
  ...signedIn(),
  request: { query: PageQuery },
  responses: { 200: jsonResponse('A page of enrolments', LearningList), ...errorResponses(400, 401, 403) },
});

const insightsRoute = createRoute({
  method: 'get',
  path: `${base}/modules/{id}/insights`,
  tags,
  summary: 'Enrolments, completion rate, average score per quiz question, where learners stop (module:insights)',
  ...signedIn(),
  request: { params: ModuleParams },
  responses: { 200: jsonResponse('The insights', ModuleInsights), ...errorResponses(401, 403, 404) },
});

const assetRoute = createRoute({
  method: 'get',
  path: `${base}/modules/{id}/asset`,
  tags,
  summary:
    "Open one of a module's uploaded files: redirects (302) to a short-lived signed download URL, or with `format=json` answers `{ url }` (browsers cannot send a bearer token from <img> or <video>, so the web app asks for the signed URL and uses it as the source)",
  ...signedIn(),
  request: {
    params: ModuleParams,
    query: z.object({ key: z.string().min(1).max(1024), format: z.enum(['redirect', 'json']).optional() }),
  },
  responses: {
    200: jsonResponse('The signed download URL', SignedAssetLink),
    302: { description: 'Redirect to the signed download URL' },
    ...errorResponses(400, 401, 403, 404),
  },
});

export interface EducationRoutesOptions {
  education: Education;
}

export function educationRoutes({ education }: EducationRoutesOptions) {
  const review = async (
    c: Context<AppEnv>,
    action: 'submit' | 'approve' | 'reject' | 'archive',
    body: { comments?: string | undefined; version?: number | undefined } | undefined,
  ) => {
    const version = editVersion(c, body?.version);
    const input = {
      ...(body?.comments !== undefined ? { comments: body.comments } : {}),
      ...(version !== undefined ? { version } : {}),
    };
    return education[action](actorOf(c), c.req.param('id'), input);
  };

  return new OpenAPIHono<AppEnv>()
    .openapi(createModuleRoute, async (c) => c.json(await education.createModule(actorOf(c), c.req.valid('json')), 201))
    .openapi(listModulesRoute, async (c) => c.json(await education.listModules(actorOf(c), c.req.valid('query')), 200))
    .openapi(getModuleRoute, async (c) => {
      const { as } = c.req.valid('query');
      const details = await education.getModule(actorOf(c), c.req.valid('param').id, as ? { as } : {});
      if (details.view === 'editor') c.header('etag', `"${details.version}"`);
      return c.json(details, 200);
    })
    .openapi(updateModuleRoute, async (c) => {
      const body = c.req.valid('json');
      const version = editVersion(c, body.version);
      const module = await education.updateModule(actorOf(c), c.req.valid('param').id, {
        ...body,
        ...(version !== undefined ? { version } : {}),
      });
      c.header('etag', `"${module.version}"`);
      return c.json(module, 200);
    })
    .openapi(deleteModuleRoute, async (c) => {
      const version = editVersion(c, undefined);
      const result = await education.deleteModule(
        actorOf(c),
        c.req.valid('param').id,
        version !== undefined ? { version } : {},
      );
      return c.json(result, 200);
    })
    .openapi(createSectionRoute, async (c) => {
      const body = c.req.valid('json');
      const version = editVersion(c, body.version);
      const result = await education.createSection(actorOf(c), c.req.valid('param').id, {
        ...body,
        ...(version !== undefined ? { version } : {}),
      });
      return c.json(result, 201);
    })
    .openapi(updateSectionRoute, async (c) => {
      const body = c.req.valid('json');
      const version = editVersion(c, body.version);
      const { id, sectionId } = c.req.valid('param');
      const result = await education.updateSection(actorOf(c), id, sectionId, {
        ...body,
        ...(version !== undefined ? { version } : {}),
      });
      return c.json(result, 200);
    })
    .openapi(deleteSectionRoute, async (c) => {
      const version = editVersion(c, undefined);
      const { id, sectionId } = c.req.valid('param');
      return c.json(
        await education.deleteSection(actorOf(c), id, sectionId, version !== undefined ? { version } : {}),
        200,
      );
    })
    .openapi(reorderRoute, async (c) => {
      const body = c.req.valid('json');
      const version = editVersion(c, body.version);
      const result = await education.reorderSections(actorOf(c), c.req.valid('param').id, {
        sectionOrder: body.sectionOrder,
        ...(version !== undefined ? { version } : {}),
      });
      return c.json(result, 200);
    })
    .openapi(submitRoute, async (c) => c.json(await review(c, 'submit', c.req.valid('json')), 200))
    .openapi(approveRoute, async (c) => c.json(await review(c, 'approve', c.req.valid('json')), 200))
    .openapi(rejectRoute, async (c) => c.json(await review(c, 'reject', c.req.valid('json')), 200))
    .openapi(archiveRoute, async (c) => c.json(await review(c, 'archive', c.req.valid('json')), 200))
    .openapi(versionsRoute, async (c) =>
      c.json({ items: await education.listVersions(actorOf(c), c.req.valid('param').id) }, 200),
    )
    .openapi(catalogRoute, async (c) => c.json(await education.catalog(actorOf(c), c.req.valid('query')), 200))
    .openapi(enrollRoute, async (c) => c.json(await education.enroll(actorOf(c), c.req.valid('param').id), 201))
    .openapi(completeRoute, async (c) => {
      const { id, sectionId } = c.req.valid('param');
      return c.json(await education.completeSection(actorOf(c), id, sectionId), 200);
    })
    .openapi(quizAttemptRoute, async (c) => {
      const { id, sectionId } = c.req.valid('param');
      return c.json(await education.attemptQuiz(actorOf(c), id, sectionId, c.req.valid('json')), 200);
    })
    .openapi(moveRoute, async (c) => c.json(await education.moveToLatest(actorOf(c), c.req.valid('param').id), 200))
    .openapi(learningRoute, async (c) => c.json(await education.myLearning(actorOf(c), c.req.valid('query')), 200))
    .openapi(insightsRoute, async (c) => c.json(await education.insights(actorOf(c), c.req.valid('param').id), 200))
    .openapi(assetRoute, async (c) => {
      const { key, format } = c.req.valid('query');
      const url = await education.assetDownload(actorOf(c), c.req.valid('param').id, key);
      c.header('cache-control', 'private, no-store');
      if (format === 'json') return c.json({ url }, 200);
      return c.redirect(url, 302);
    });
}
