/**
 * Account export and deletion across every module, over HTTP against a real SQLite platform with its
 * workers: the export holds the user's agents, runs, AI calls, notifications and moderation standing;
 * deleting the account leaves nothing of the organisation deleted with it in the store, and removes the
 * user's own records (counters, notifications, moderation records) from organisations that keep existing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineEchoGraph } from '../../test/agent-graphs.ts';
import {
  type Call,
  caller,
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

beforeAll(async () => {
  platform = await startTempPlatform({ env: { RATE_LIMIT_REQUESTS: '0' } });
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
  call = caller(platform);
  alice = await signUp(call, 'alice-data@example.com');
  bob = await signUp(call, 'bob-data@example.com');
  // Bob also belongs to Alice's personal organisation, which keeps existing when he goes.
  await join(call, alice, alice.personalOrgId, bob, 'member');
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

const graph = offlineEchoGraph('manual');

const keysUnder = (prefix: string) => storedKeysUnder(platform, prefix);

describe('account data across modules', () => {
  let agentId: string;
  let runId: string;

  it('exports the agents, runs, AI calls, notifications and moderation standing of the user', async () => {
    const inBobs = { token: bob.accessToken, orgId: bob.personalOrgId };
    const inAlices = { token: bob.accessToken, orgId: alice.personalOrgId };
    const agent = await expectJson<{ id: string }>(
      await call('POST', '/api/agents', { ...inBobs, body: { name: 'Bob’s echo', graph } }),
      201,
    );
    agentId = agent.id;
    const run = await expectJson<{ id: string; status: string }>(
      await call('POST', `/api/agents/${agentId}/execute?wait=10000`, { ...inBobs, body: { input: 'my secret plan' } }),
      200,
    );
    expect(run.status).toBe('completed');
    runId = run.id;
    // Per-member limits in Alice's organisation: the gateway keeps counters of Bob's own there.
    await expectJson(
      await call('PUT', '/api/ai/limits', {
        token: alice.accessToken,
        orgId: alice.personalOrgId,
        body: { perUser: { requestsPerMinute: 100, tokensPerDay: 100_000 } },
      }),
      200,
    );
    for (const where of [inBobs, inAlices]) {
      await expectJson(
        await call('POST', '/api/ai/complete', {
          ...where,
          body: { model: 'offline', prompt: 'Name three primary colours.', maxTokens: 16, cache: false },
        }),
        200,
      );
    }
    for (const organizationId of [bob.personalOrgId, alice.personalOrgId]) {
      await platform.deps.notifications.notify({
        organizationId,
        userId: bob.userId,
        kind: 'test.hello',
        title: `Hello in ${organizationId}`,
      });
    }

    // And community content in his own organisation (posts and their live events).
    const post = await expectJson<{ id: string }>(
      await call('POST', '/api/community/posts', { ...inBobs, body: { title: 'Notes', content: 'Week one.' } }),
      201,
    );
    await expectJson(
      await call('POST', `/api/community/posts/${post.id}/comments`, { ...inBobs, body: { content: 'More notes.' } }),
      201,
    );

    const exported = await expectJson<Json>(await call('GET', '/api/me/export', { token: bob.accessToken }), 200);
    expect(exported.workbench.agents).toEqual([
      expect.objectContaining({ id: agentId, organizationId: bob.personalOrgId, name: 'Bob’s echo' }),
    ]);
    expect(exported.workbench.runs).toEqual([
      expect.objectContaining({ id: runId, agentId, status: 'completed', input: 'my secret plan' }),
    ]);
    expect(exported.workbench.runs[0].outputs['3']).toEqual(expect.any(String));
    // Two calls of his own, one in each organisation, plus the agent's LLM step (in his organisation).
    const calls = exported.ai.calls as Json[];
    expect(calls.filter((c) => c.organizationId === alice.personalOrgId)).toHaveLength(1);
    expect(calls.filter((c) => c.organizationId === bob.personalOrgId)).toHaveLength(2);
    expect(calls.every((c) => c.model === 'offline' && c.outcome === 'success')).toBe(true);
    expect((exported.notifications.notifications as Json[]).map((n) => n.title).sort()).toEqual(
      [`Hello in ${alice.personalOrgId}`, `Hello in ${bob.personalOrgId}`].sort(),
    );
    expect(exported.moderation.standing).toEqual(
      expect.arrayContaining([
        { organizationId: bob.personalOrgId, upheldFlagsAgainst: 0, removals: 0, warnings: 0 },
        { organizationId: alice.personalOrgId, upheldFlagsAgainst: 0, removals: 0, warnings: 0 },
      ]),
    );
    // Alice's export has none of it.
    const alices = await expectJson<Json>(await call('GET', '/api/me/export', { token: alice.accessToken }), 200);
    expect(alices.workbench).toEqual({ agents: [], runs: [] });
    expect(alices.ai.calls).toEqual([]);
  });

  it('deletes everything of the organisation deleted with the account, and the user’s own records elsewhere', async () => {
    expect(keysUnder(`T#${bob.personalOrgId}#RUN#${runId}`).length).toBeGreaterThan(0);
    expect(keysUnder(`T#${alice.personalOrgId}`).some((key) => key.includes(`AI#CTR#U#${bob.userId}#`))).toBe(true);

    expect(
      (await call('DELETE', '/api/me', { token: bob.accessToken, body: { password: strongPassword } })).status,
    ).toBe(204);
    // Files go by a queued job; the workers run it.
    await expect.poll(() => keysUnder(`T#${bob.personalOrgId}`), { timeout: 10_000 }).toEqual([]);

    const alicesOrg = keysUnder(`T#${alice.personalOrgId}`);
    expect(alicesOrg.filter((key) => key.includes(bob.userId) && !key.includes('#AI_USAGE |'))).toEqual([]);
    // The organisation's record of what it spent stays, naming Bob by id only.
    expect(alicesOrg.filter((key) => key.startsWith(`T#${alice.personalOrgId}#AI_USAGE |`))).toHaveLength(1);
    const alicesExport = await expectJson<Json>(await call('GET', '/api/me/export', { token: alice.accessToken }), 200);
    expect(alicesExport.notifications.notifications).toEqual([]);
  });
});
