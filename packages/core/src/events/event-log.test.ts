import { describe, expect, it } from 'vitest';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createEventLog, eventPartition } from './event-log.ts';

const clock = { nowMs: () => Date.UTC(2026, 0, 1) };

describe('EventLog', () => {
  it('numbers concurrent appends without gaps or duplicates and lists after an id', async () => {
    const log = createEventLog({ store: createMemoryItemStore({ clock }), clock });
    await Promise.all(Array.from({ length: 40 }, (_, i) => log.append('T#org_a#COMMUNITY', 'x', { i })));
    const all = await log.list('T#org_a#COMMUNITY', '0', 500);
    expect(all.items.map((e) => e.id)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
    expect(all.lastId).toBe('40');
    const after = await log.list('T#org_a#COMMUNITY', '35');
    expect(after.items.map((e) => e.id)).toEqual(['36', '37', '38', '39', '40']);
    expect((await log.list('T#org_a#COMMUNITY', '40')).lastId).toBe('40');
    expect(await log.latestId('T#org_a#COMMUNITY')).toBe('40');
    expect((await log.list('T#org_b#COMMUNITY')).items).toEqual([]);
  });

  it('keeps tenant channels in tenant-leading partitions and wakes subscribers', async () => {
    expect(eventPartition('T#org_a#COMMUNITY')).toBe('T#org_a#COMMUNITY#EVLOG');
    expect(eventPartition('PUBLIC#COMMUNITY')).toBe('EVLOG#PUBLIC#COMMUNITY');
    const log = createEventLog({ store: createMemoryItemStore({ clock }), clock });
    let woken = 0;
    const stop = log.subscribe('c', () => {
      woken += 1;
    });
    await log.append('c', 'x', {});
    await log.append('other', 'x', {});
    stop();
    await log.append('c', 'x', {});
    expect(woken).toBe(1);
  });

  it('deletes one channel whole (events and counter), leaving the others', async () => {
    const log = createEventLog({ store: createMemoryItemStore({ clock }), clock });
    for (const channel of ['T#org_a#COMMUNITY', 'T#org_b#COMMUNITY']) {
      await log.append(channel, 'x', { n: 1 });
      await log.append(channel, 'x', { n: 2 });
    }
    await log.deleteChannel('T#org_a#COMMUNITY');
    expect((await log.list('T#org_a#COMMUNITY')).items).toEqual([]);
    expect(await log.latestId('T#org_a#COMMUNITY')).toBe('0');
    expect(await log.latestId('T#org_b#COMMUNITY')).toBe('2');
  });

  it('refuses a malformed id', async () => {
    const log = createEventLog({ store: createMemoryItemStore({ clock }), clock });
    await expect(log.list('c', 'abc')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
