/** Words the moderation pages show for the API's values. */
import type { QueueItem } from '@diatonic/api-schemas';

export const actionLabels = { approve: 'Approve', remove: 'Remove', warn: 'Warn the author' } as const;
export const pastActionLabels = { approve: 'Approved', remove: 'Removed', warn: 'Warned' } as const;

export const stateLabels: Record<NonNullable<QueueItem['content']>['state'], string> = {
  published: 'Published',
  held: 'Held for review',
  hidden: 'Hidden by flags',
  removed: 'Removed',
};

export const sourceLabels: Record<QueueItem['source'], string> = {
  review: 'Held at posting',
  flags: 'Flagged by members',
};

export const wordActionLabels = {
  block: 'Block (reject the post)',
  censor: 'Censor (replace with ∗)',
  hold: 'Hold for a moderator',
} as const;

export const builtInActionLabels = { ...wordActionLabels, off: 'Ignore the built-in list' } as const;

export const when = (iso: string) => new Date(iso).toLocaleString();
