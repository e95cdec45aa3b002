import { AppError } from '@diatonic/core';
import { describe, expect, it } from 'vitest';
import { loggedNotify } from './logged-notify.ts';

describe('loggedNotify', () => {
  const input = { organizationId: 'org_a', userId: 'usr_b', kind: 'community.mention', title: 'Hi' };

  it('passes a notification through, logging nothing', async () => {
    const sent: unknown[] = [];
    const warnings: unknown[] = [];
    const notify = loggedNotify(async (n) => void sent.push(n), {
      warn: (...args: unknown[]) => void warnings.push(args),
    });
    await notify(input);
    expect(sent).toEqual([input]);
    expect(warnings).toEqual([]);
  });

  it('logs a failure with what was being sent, and still fails', async () => {
    const failure = new AppError('unavailable', 'database is busy');
    const warnings: unknown[][] = [];
    const notify = loggedNotify(
      async () => {
        throw failure;
      },
      { warn: (...args: unknown[]) => void warnings.push(args) },
    );
    await expect(notify(input)).rejects.toBe(failure);
    expect(warnings).toEqual([
      [
        { err: failure, kind: 'community.mention', organizationId: 'org_a', userId: 'usr_b' },
        'notification not stored',
      ],
    ]);
  });
});
