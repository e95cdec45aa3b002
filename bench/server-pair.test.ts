import { describe, expect, it } from 'vitest';
import type { ServerProcess } from './processes.ts';
import { createServerPair } from './server-pair.ts';

/** Server stand-ins that record what happened to them, in order. */
function recordingStarters(options: { failBaselineAt?: number } = {}) {
  const events: string[] = [];
  let started = 0;
  const server = (name: string): ServerProcess => {
    const id = `${name}${++started}`;
    events.push(`start ${id}`);
    return {
      name,
      baseUrl: `http://${id}`,
      pid: started,
      stop: async () => {
        events.push(`stop ${id}`);
      },
    };
  };
  let baselines = 0;
  return {
    events,
    starters: {
      platform: async () => server('platform'),
      baseline: async () => {
        if (++baselines === options.failBaselineAt) throw new Error('baseline did not start');
        return server('baseline');
      },
    },
  };
}

describe('server pair', () => {
  it('replaces both servers with fresh ones on restart, platform first, and stops the last pair', async () => {
    const { events, starters } = recordingStarters();
    const pair = createServerPair(starters, {
      platform: await starters.platform(),
      baseline: await starters.baseline(),
    });
    expect([pair.platform.baseUrl, pair.baseline.baseUrl, pair.generation]).toEqual([
      'http://platform1',
      'http://baseline2',
      1,
    ]);
    await pair.restart();
    expect([pair.platform.baseUrl, pair.baseline.baseUrl, pair.generation]).toEqual([
      'http://platform3',
      'http://baseline4',
      2,
    ]);
    await pair.stop();
    expect(events).toEqual([
      'start platform1',
      'start baseline2',
      'stop platform1',
      'stop baseline2',
      'start platform3',
      'start baseline4',
      'stop platform3',
      'stop baseline4',
    ]);
    expect(() => pair.platform).toThrow('the server pair is stopped');
    await pair.stop();
    expect(events).toHaveLength(8);
  });

  it('stops the fresh platform when the fresh baseline does not start, leaving nothing running', async () => {
    const { events, starters } = recordingStarters({ failBaselineAt: 2 });
    const pair = createServerPair(starters, {
      platform: await starters.platform(),
      baseline: await starters.baseline(),
    });
    await expect(pair.restart()).rejects.toThrow('baseline did not start');
    expect(events.slice(2)).toEqual(['stop platform1', 'stop baseline2', 'start platform3', 'stop platform3']);
    expect(() => pair.baseline).toThrow('the server pair is stopped');
    await pair.stop();
    expect(events).toHaveLength(6);
  });
});
