import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { platformKey } from '../platform/platform-record.ts';
import { platformStep } from './platform-step.ts';
import { runSeed } from './run-seed.ts';
import { type SeedContext, type SeedStep, seedMarkerKey } from './seed-step.ts';

let platform: TempPlatform;
let context: SeedContext;

beforeAll(async () => {
  platform = await startTempPlatform();
  const { itemStore, clock, ids, logger, identity } = platform.deps;
  context = { itemStore, clock, ids, logger, identity, demoData: false };
});
afterAll(async () => {
  await platform.close();
});

describe('runSeed', () => {
  it('writes the platform record once, whatever how often it runs', async () => {
    expect(await runSeed(context, [platformStep])).toEqual({ ran: ['platform-record'], skipped: [] });
    const first = await context.itemStore.get(platformKey);
    expect(first?.data).toMatchObject({ name: 'Diatonic AI Platform', demoData: false, schemaVersion: 1 });

    expect(await runSeed({ ...context, demoData: true }, [platformStep])).toEqual({
      ran: [],
      skipped: ['platform-record'],
    });
    expect(await context.itemStore.get(platformKey)).toEqual(first);
  });

  it('runs only the steps it has not run before, in order', async () => {
    const calls: string[] = [];
    const step = (id: string): SeedStep => ({ id, run: async () => void calls.push(id) });
    await runSeed(context, [step('a'), step('b')]);
    await runSeed(context, [step('a'), step('b'), step('c')]);
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(await context.itemStore.get(seedMarkerKey('c'))).toBeDefined();
  });

  it('leaves no marker when a step fails, so the next run retries it', async () => {
    let attempts = 0;
    const flaky: SeedStep = {
      id: 'flaky',
      run: async () => {
        attempts++;
        if (attempts === 1) throw new Error('disk full');
      },
    };
    await expect(runSeed(context, [flaky])).rejects.toThrow('disk full');
    expect(await context.itemStore.get(seedMarkerKey('flaky'))).toBeUndefined();
    expect(await runSeed(context, [flaky])).toEqual({ ran: ['flaky'], skipped: [] });
  });

  it('agrees with a concurrent run of the same steps', async () => {
    const other = await startTempPlatform();
    const ctx = { ...context, itemStore: other.deps.itemStore };
    const results = await Promise.all([runSeed(ctx, [platformStep]), runSeed(ctx, [platformStep])]);
    expect(results.flatMap((r) => r.ran).length + results.flatMap((r) => r.skipped).length).toBe(2);
    expect((await other.deps.itemStore.get(platformKey))?.version).toBe(1);
    await other.close();
  });
});
