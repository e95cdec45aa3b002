/**
 * Deleting an organisation over HTTP on a real SQLite platform with its workers. The owner of "Studio"
 * (an admin, a member, and a former member who left, each with content there) deletes it: every member
 * loses it at once, and the purge job leaves no item under T#<orgId> and no file under its blob prefix,
 * while another organisation keeps everything. The refusals change nothing.
 */
import { samplePng } from '@diatonic/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineEchoGraph } from '../../test/agent-graphs.ts';
import { uploadAttachment } from '../../test/attachment-upload.ts';
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
import { storedKeysUnder } from '../../test/stored-keys.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import type { Workers } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';

let platform: TempPlatform;
let workers: Workers;
let call: Call;
let alice: SignedUp;
let bob: SignedUp;
let carol: SignedUp;
let dave: SignedUp;
let erin: SignedUp;
let studio: string;
let pendingInvitationToken: string;
let studioModule: string;
let erinsModule: string;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { RATE_LIMIT_REQUESTS: '0' } });
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
  call = caller(platform);
  const users = await Promise.all(
    ['alice', 'bob', 'carol', 'dave', 'erin'].map((name) => signUp(call, `${name}-orgdel@example.com`)),
  );
  [alice, bob, carol, dave, erin] = users as [SignedUp, SignedUp, SignedUp, SignedUp, SignedUp];
  studio = await createOrg(call, alice, 'Studio');
  await join(call, alice, studio, bob, 'admin');
  await join(call, alice, studio, carol, 'member');
  await join(call, alice, studio, dave, 'member');
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

const inStudio = (user: SignedUp) => ({ token: user.accessToken, orgId: studio });

const keysUnder = (prefix: string) => storedKeysUnder(platform, prefix);

async function blobsUnder(prefix: string): Promise<string[]> {
  return (await platform.deps.blobStore.list(prefix, { limit: 1000 })).items.map((blob) => blob.key);
}

type As = { token: string; orgId: string };

/** A public module with one text section, written by `author` and approved by `reviewer`; its id. */
async function publicModule(author: As, title: string, reviewer: As): Promise<string> {
  const api = '/api/education/modules';
  const body = { title, contentType: 'mixed', difficulty: 'beginner', visibility: 'public' };
  const module = await expectJson<{ id: string }>(await call('POST', api, { ...author, body }), 201);
  const section = { title: 'Read me', contentType: 'text', contentData: { markdown: 'Hello.' } };
  await expectJson(await call('POST', `${api}/${module.id}/sections`, { ...author, body: section }), 201);
  await expectJson(await call('POST', `${api}/${module.id}/submit`, author), 200);
  await expectJson(await call('POST', `${api}/${module.id}/approve`, reviewer), 200);
  return module.id;
}

const deleteStudio = (user: SignedUp, body: Record<string, unknown>, orgId = studio) =>
  call('DELETE', `/api/orgs/${orgId}`, { token: user.accessToken, body });

describe('deleting an organisation', () => {
  it('fills Studio with everyone’s content, a former member’s included', async () => {
    const post = await expectJson<{ id: string }>(
      await call('POST', '/api/community/posts', {
        ...inStudio(carol),
        body: { title: 'Studio notes', content: 'Carol’s notes from the first session.' },
      }),
      201,
    );
    await expectJson(
      await call('POST', `/api/community/posts/${post.id}/comments`, {
        ...inStudio(bob),
        body: { content: 'Thanks, Carol.' },
      }),
      201,
    );
    await expectJson(
      await call('POST', `/api/community/posts/${post.id}/react`, {
        ...inStudio(dave),
        body: { reactionType: 'like' },
      }),
      200,
    );
    const picture = await uploadAttachment(
      platform,
      call,
      inStudio(carol),
      await samplePng(),
      'board.png',
      'image/png',
    );
    expect(picture.status).toBe('ready');

    // Education: Studio publishes a public module; Carol and Dave, acting in Studio, enrol in Erin's public one.
    studioModule = await publicModule({ token: alice.accessToken, orgId: studio }, 'Studio basics', {
      token: bob.accessToken,
      orgId: studio,
    });
    const erins = { token: erin.accessToken, orgId: erin.personalOrgId };
    erinsModule = await publicModule(erins, 'Erin’s open course', erins);
    for (const learner of [carol, dave]) {
      await expectJson(await call('POST', `/api/education/modules/${erinsModule}/enroll`, inStudio(learner)), 201);
    }
    // Then Dave leaves Studio: a former member, whose traces there go with it all the same.
    expect(
      (await call('DELETE', `/api/orgs/${studio}/members/${dave.userId}`, { token: dave.accessToken })).status,
    ).toBe(204);
    const agent = await expectJson<{ id: string }>(
      await call('POST', '/api/agents', {
        ...inStudio(alice),
        body: { name: 'Echo', graph: offlineEchoGraph('manual') },
      }),
      201,
    );
    const run = await expectJson<{ status: string }>(
      await call('POST', `/api/agents/${agent.id}/execute?wait=10000`, { ...inStudio(alice), body: { input: 'hi' } }),
      200,
    );
    expect(run.status).toBe('completed');
    await expectJson(
      await call('POST', '/api/ai/complete', {
        ...inStudio(bob),
        body: { model: 'offline', prompt: 'Name a colour.', maxTokens: 16, cache: false },
      }),
      200,
    );
    await platform.deps.notifications.notify({
      organizationId: studio,
      userId: carol.userId,
      kind: 'test.hello',
      title: 'Hello Carol',
    });
    const invitation = await expectJson<{ token: string }>(
      await call('POST', `/api/orgs/${studio}/invitations`, {
        token: alice.accessToken,
        body: { email: erin.email, role: 'member' },
      }),
      201,
    );
    pendingInvitationToken = invitation.token;

    const keys = keysUnder(`T#${studio}`);
    for (const part of ['#POST#', '#REACT#', '#EDU#', '#RUN#', '#AI_USAGE', '#NOTIF#', '#AUDIT', '#UPLOADS']) {
      expect(
        keys.some((key) => key.includes(part)),
        part,
      ).toBe(true);
    }
    expect(keys.some((key) => key.includes(`#REACT#${dave.userId}`))).toBe(true);
    expect(keysUnder('EDU#PUBLIC').some((key) => key.endsWith(`MOD#${studioModule}`))).toBe(true);
    expect(keysUnder(`T#${erin.personalOrgId}#EDU#MOD#${erinsModule}`)).toContain(
      `T#${erin.personalOrgId}#EDU#MOD#${erinsModule} | ENR#${carol.userId}`,
    );
    expect((await blobsUnder(`orgs/${studio}/`)).length).toBeGreaterThan(0);
  });

  it('refuses everyone but the owner, a wrong name or password, and the personal organisation, changing nothing', async () => {
    const before = keysUnder(`T#${studio}`).length;
    const ok = { name: 'Studio', password: strongPassword };
    await expectError(await deleteStudio(bob, ok), 403, 'forbidden');
    await expectError(await deleteStudio(carol, ok), 403, 'forbidden');
    await expectError(await deleteStudio(dave, ok), 404, 'not_found');
    await expectError(await deleteStudio(erin, ok), 404, 'not_found');
    await expectError(await call('DELETE', `/api/orgs/${studio}`, { body: ok }), 401, 'unauthenticated');
    await expectError(await deleteStudio(alice, { ...ok, name: 'studio' }), 400, 'invalid_input');
    await expectError(await deleteStudio(alice, { ...ok, password: 'Not-the-password-9' }), 400, 'invalid_input');
    await expectError(await deleteStudio(alice, { password: strongPassword }), 400, 'invalid_input');
    await expectError(await deleteStudio(alice, { name: 'x'.repeat(401), password: 'p' }), 400, 'invalid_input');
    await expectError(
      await deleteStudio(alice, { name: 'alice-orgdel', password: strongPassword }, alice.personalOrgId),
      409,
      'conflict',
    );
    await expectError(await deleteStudio(alice, ok, 'not-an-id'), 404, 'not_found');
    expect(keysUnder(`T#${studio}`).length).toBe(before);
    expect((await call('GET', `/api/orgs/${studio}`, { token: bob.accessToken })).status).toBe(200);
  });

  it('takes Studio from every member at once and purges all of it, and nothing of anyone else', async () => {
    // Erin's own organisation keeps everything (its audit log gains her refused invitation below).
    const contentOf = (orgId: string) => keysUnder(`T#${orgId}`).filter((key) => !key.includes('#AUDIT |'));
    const neighbour = contentOf(erin.personalOrgId);
    const res = await deleteStudio(alice, { name: 'Studio', password: strongPassword });
    expect(await expectJson<Json>(res, 202)).toMatchObject({ organizationId: studio, name: 'Studio', memberCount: 3 });

    for (const user of [alice, bob, carol]) {
      await expectError(await call('GET', `/api/orgs/${studio}`, { token: user.accessToken }), 404, 'not_found');
      const mine = await expectJson<Json>(await call('GET', '/api/orgs', { token: user.accessToken }), 200);
      expect(mine.items.map((org: Json) => org.id)).not.toContain(studio);
      await expectError(await call('GET', '/api/community/posts', inStudio(user)), 403, 'forbidden');
    }
    await expectError(
      await call('POST', '/api/invitations/accept', {
        token: erin.accessToken,
        body: { token: pendingInvitationToken },
      }),
      404,
      'not_found',
    );

    await expect.poll(() => keysUnder(`T#${studio}`), { timeout: 15_000 }).toEqual([]);
    await expect.poll(() => blobsUnder(`orgs/${studio}/`), { timeout: 15_000 }).toEqual([]);
    // Except what Studio's people did there: Carol's and former member Dave's enrolments went with Studio.
    const enrolments = [`ENR#${carol.userId}`, `ENR#${dave.userId}`];
    expect(contentOf(erin.personalOrgId)).toEqual(
      neighbour.filter((key) => !enrolments.some((enrolment) => key.endsWith(enrolment))),
    );
    for (const enrolment of enrolments) expect(neighbour.some((key) => key.endsWith(enrolment))).toBe(true);
    // The public catalogue no longer points at Studio's module, and still at Erin's.
    const catalogue = keysUnder('EDU#PUBLIC');
    expect(catalogue.some((key) => key.endsWith(`MOD#${studioModule}`))).toBe(false);
    expect(catalogue.some((key) => key.endsWith(`MOD#${erinsModule}`))).toBe(true);
    // Everyone keeps their account and personal organisation.
    for (const user of [alice, bob, carol, dave]) {
      await expectJson(await call('GET', `/api/orgs/${user.personalOrgId}`, { token: user.accessToken }), 200);
    }
  });
});
