import { describe, expect, it } from 'vitest';
import { createMemoryItemStore } from '../../testing/memory-item-store.ts';
import { loadCronParser } from '../graph-libraries.ts';
import { claimScheduleSlot, scheduleSlotClaimOperation } from './claim-slot.ts';
import { cronProblem, latestRunAtOrBefore, nextRunsAfter } from './cron.ts';
import { dueSchedules, type ScheduleEntry } from './due-schedules.ts';
import { scheduleSlotItemKey } from './keys.ts';
import { scheduleTriggerIssues } from './schedule-trigger.ts';
import { schedulesInGraph } from './schedules-in-graph.ts';

// cron.ts is synchronous and expects cron-parser loaded (validateGraph and the scheduler's tick do it).
await loadCronParser();

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('cron validation', () => {
  it.each([['*/15 * * * *'], ['0 9 * * 1-5'], ['30 6 1 jan,jul *'], ['0 0 * * mon'], ['@daily'], ['@weekdays']])(
    'accepts %s',
    (cron) => {
      expect(cronProblem(cron)).toBeUndefined();
    },
  );

  it.each([
    ['', /Enter a cron/],
    ['* * * *', /5 fields/],
    ['*/5 * * * * *', /5 fields.*6/],
    ['61 * * * *', /Invalid cron expression/],
    ['0 25 * * *', /Invalid cron expression/],
    ['hello world foo bar baz', /Invalid cron expression/],
    ['0 0 31 2 *', /Invalid cron expression/],
    ['@secondly', /not one of/],
    ['@reboot', /not one of/],
  ])('refuses %j', (cron, message) => {
    expect(cronProblem(cron)).toMatch(message);
  });

  it('refuses an unknown time zone', () => {
    expect(cronProblem('0 9 * * *', 'Mars/Olympus')).toMatch(/not a known time zone/);
  });

  it('reports trigger fields as node config issues', () => {
    expect(scheduleTriggerIssues('t', { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' })).toEqual([]);
    expect(scheduleTriggerIssues('t', { cron: '0 9 * * 1-5' })).toEqual([]);
    expect(scheduleTriggerIssues('t', { cron: '0 99 * * *' })).toEqual([
      { nodeId: 't', field: 'cron', message: expect.stringMatching(/Invalid cron/) },
    ]);
    expect(scheduleTriggerIssues('t', { timezone: 'Nope/Nope' }).map((issue) => issue.field)).toEqual([
      'timezone',
      'cron',
    ]);
  });
});

describe('nextRunsAfter', () => {
  it('lists the next runs strictly after the start, in UTC', () => {
    expect(iso(nextRunsAfter('*/15 * * * *', 'UTC', new Date('2026-01-01T10:15:00Z'), 3))).toEqual([
      '2026-01-01T10:30:00.000Z',
      '2026-01-01T10:45:00.000Z',
      '2026-01-01T11:00:00.000Z',
    ]);
  });

  it('follows the time zone, across a daylight-saving change', () => {
    // Berlin is UTC+1 in winter and UTC+2 from 29 March 2026.
    expect(iso(nextRunsAfter('0 9 * * *', 'Europe/Berlin', new Date('2026-03-27T12:00:00Z'), 3))).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
    expect(iso(nextRunsAfter('0 9 * * 1-5', 'America/New_York', new Date('2026-01-02T15:00:00Z'), 2))).toEqual([
      '2026-01-05T14:00:00.000Z',
      '2026-01-06T14:00:00.000Z',
    ]);
  });

  it('lists at most 100 runs', () => {
    expect(nextRunsAfter('* * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), 10_000)).toHaveLength(100);
    expect(nextRunsAfter('* * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), -1)).toEqual([]);
  });

  it('throws on an invalid expression', () => {
    expect(() => nextRunsAfter('nope', 'UTC', new Date(), 1)).toThrow(RangeError);
  });

  it('finds the latest run at or before a time', () => {
    const at = new Date('2026-01-01T10:30:00Z');
    expect(latestRunAtOrBefore('*/15 * * * *', 'UTC', at)?.toISOString()).toBe('2026-01-01T10:30:00.000Z');
    expect(latestRunAtOrBefore('*/15 * * * *', 'UTC', new Date(at.getTime() - 1))?.toISOString()).toBe(
      '2026-01-01T10:15:00.000Z',
    );
  });
});

describe('dueSchedules', () => {
  const published = Date.parse('2026-01-01T00:00:00Z');
  const schedules: ScheduleEntry[] = [
    { orgId: 'org_a', agentId: 'agt_every15', cron: '*/15 * * * *', activeSince: published },
    { orgId: 'org_a', agentId: 'agt_hourly', cron: '0 * * * *', activeSince: published },
    { orgId: 'org_b', agentId: 'agt_berlin9', cron: '0 9 * * *', timezone: 'Europe/Berlin', activeSince: published },
    { orgId: 'org_b', agentId: 'agt_new', cron: '*/15 * * * *', activeSince: Date.parse('2026-01-05T10:16:00Z') },
    { orgId: 'org_b', agentId: 'agt_broken', cron: 'not a cron', activeSince: published },
  ];

  it('returns each schedule whose latest slot is within the lateness window', () => {
    const due = dueSchedules(schedules, new Date('2026-01-05T10:02:30Z'));
    expect(due.map((slot) => [slot.agentId, slot.slotTime.toISOString(), slot.slotKey])).toEqual([
      ['agt_every15', '2026-01-05T10:00:00.000Z', 'agt_every15#2026-01-05T10:00:00.000Z'],
      ['agt_hourly', '2026-01-05T10:00:00.000Z', 'agt_hourly#2026-01-05T10:00:00.000Z'],
    ]);
  });

  it('uses the schedule time zone', () => {
    const due = dueSchedules(schedules, new Date('2026-01-05T08:00:10Z'));
    expect(due.map((slot) => slot.agentId)).toContain('agt_berlin9');
    expect(dueSchedules(schedules, new Date('2026-01-05T09:00:10Z')).map((slot) => slot.agentId)).not.toContain(
      'agt_berlin9',
    );
  });

  it('skips slots older than the window and slots before the schedule existed', () => {
    expect(dueSchedules(schedules, new Date('2026-01-05T10:06:00Z'))).toEqual([]);
    expect(dueSchedules(schedules, new Date('2026-01-05T10:06:00Z'), { maxLatenessMs: 10 * 60_000 })).toHaveLength(2);
    // agt_new was published at 10:16: the 10:15 slot is not its, the 10:30 one is.
    expect(dueSchedules(schedules, new Date('2026-01-05T10:17:00Z')).map((slot) => slot.agentId)).toEqual([
      'agt_every15',
    ]);
    expect(dueSchedules(schedules, new Date('2026-01-05T10:30:00Z')).map((slot) => slot.agentId)).toContain('agt_new');
  });

  it('returns the same slot on every tick inside the window', () => {
    const first = dueSchedules(schedules, new Date('2026-01-05T10:00:05Z'));
    const later = dueSchedules(schedules, new Date('2026-01-05T10:04:59Z'));
    expect(later.map((slot) => slot.slotKey)).toEqual(first.map((slot) => slot.slotKey));
  });
});

describe('claiming a slot', () => {
  const slot = dueSchedules(
    [{ orgId: 'org_a', agentId: 'agt_1', cron: '*/5 * * * *', activeSince: 0 }],
    new Date('2026-01-05T10:01:00Z'),
  )[0];
  if (!slot) throw new Error('expected a due slot');
  const claimedAt = new Date('2026-01-05T10:01:00Z');
  const clock = { nowMs: () => claimedAt.getTime() + 1000 };

  it('lets exactly one of many concurrent schedulers start a slot', async () => {
    const store = createMemoryItemStore({ clock });
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, index) => claimScheduleSlot(store, slot, claimedAt, `run_${index}`)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const marker = await store.get(scheduleSlotItemKey('org_a', 'agt_1', slot.slotTime));
    expect(marker?.pk).toBe('T#org_a#WB_SLOT');
    expect(marker?.sk).toBe('agt_1#2026-01-05T10:00:00.000Z');
    expect(marker?.expiresAt).toBe(Date.parse('2026-01-05T10:01:00Z') / 1000 + 7 * 24 * 3600);
    // The next slot is a different key and can be claimed.
    const next = { ...slot, slotTime: new Date('2026-01-05T10:05:00Z') };
    expect(await claimScheduleSlot(store, next, claimedAt)).toBe(true);
  });

  it('claims inside a transaction with the run, once', async () => {
    const store = createMemoryItemStore({ clock });
    const runItem = (id: string) => ({ kind: 'put' as const, item: { pk: 'T#org_a#RUN', sk: id, data: {} } });
    await store.transact([scheduleSlotClaimOperation(slot, claimedAt, 'run_1'), runItem('run_1')]);
    await expect(
      store.transact([scheduleSlotClaimOperation(slot, claimedAt, 'run_2'), runItem('run_2')]),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.get({ pk: 'T#org_a#RUN', sk: 'run_2' })).toBeUndefined();
  });
});

describe('schedulesInGraph', () => {
  it('lists the valid schedule triggers of a graph', () => {
    const at = (id: string, data: Record<string, unknown>, type = 'trigger') => ({
      id,
      type,
      position: { x: 0, y: 0 },
      data,
    });
    const graph = {
      nodes: [
        at('manual', { triggerType: 'manual' }),
        at('daily', { triggerType: 'scheduled', cron: ' 0 9 * * * ', timezone: 'Europe/Berlin' }),
        at('hourly', { triggerType: 'schedule', cron: '@hourly' }),
        at('broken', { triggerType: 'scheduled', cron: '99 * * * *' }),
        at('notTrigger', { triggerType: 'scheduled', cron: '* * * * *' }, 'llm'),
      ],
      edges: [],
    };
    expect(schedulesInGraph('org_a', 'agt_1', graph, 1000)).toEqual([
      {
        orgId: 'org_a',
        agentId: 'agt_1',
        cron: '0 9 * * *',
        timezone: 'Europe/Berlin',
        activeSince: 1000,
        triggerNodeId: 'daily',
      },
      {
        orgId: 'org_a',
        agentId: 'agt_1',
        cron: '@hourly',
        timezone: 'UTC',
        activeSince: 1000,
        triggerNodeId: 'hourly',
      },
    ]);
  });
});
