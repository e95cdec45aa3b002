import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { leaseTokens, rateLimitItemKey } from './rate-limit-lease.ts';

let platform: TempPlatform;
let other: TempPlatform;
const expiresAt = Math.floor(Date.now() / 1000) + 3600;

beforeAll(async () => {
  platform = await startTempPlatform();
  // A second store on the same SQLite file: another process's connection.
  other = await startTempPlatform({ dataDir: platform.dataDir });
});
afterAll(async () => {
  await other.close();
  await platform.close();
});

describe('leaseTokens', () => {
  it('grants whole blocks, then what is left, then nothing', async () => {
    const key = rateLimitItemKey('ip:blocks', 0);
    const lease = () => leaseTokens(platform.deps.itemStore, key, { want: 5, limit: 12, expiresAt });
    expect(await lease()).toEqual({ granted: 5, leasedTotal: 5 });
    expect(await lease()).toEqual({ granted: 5, leasedTotal: 10 });
    expect(await lease()).toEqual({ granted: 2, leasedTotal: 12 });
    expect(await lease()).toEqual({ granted: 0, leasedTotal: 12 });
    expect((await platform.deps.itemStore.get(key))?.data).toEqual({ leased: 12 });
  });

  it('never hands out more than the limit to racing stores', async () => {
    const key = rateLimitItemKey('ip:race', 0);
    const stores = [platform.deps.itemStore, other.deps.itemStore];
    const leases = await Promise.all(
      Array.from({ length: 40 }, (_, i) => leaseTokens(stores[i % 2]!, key, { want: 3, limit: 50, expiresAt })),
    );
    expect(leases.reduce((sum, l) => sum + l.granted, 0)).toBe(50);
    for (const l of leases) expect(l.leasedTotal).toBeLessThanOrEqual(50);
    expect((await other.deps.itemStore.get(key))?.data).toEqual({ leased: 50 });
  });

  it('starts a fresh count once the counter item has expired', async () => {
    const key = rateLimitItemKey('ip:expired', 0);
    const past = Math.floor(Date.now() / 1000) - 10;
    await platform.deps.itemStore.put({ ...key, data: { leased: 9 }, expiresAt: past });
    expect(await leaseTokens(platform.deps.itemStore, key, { want: 4, limit: 9, expiresAt })).toEqual({
      granted: 4,
      leasedTotal: 4,
    });
  });
});
