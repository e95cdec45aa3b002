/**
 * The Notify every module is given: `notifications.notify`, logging what fails before passing the error
 * on. Modules may treat a notification as best effort (community does, once the post is stored) and drop
 * the error; the log keeps it, so a lost notification is never silent.
 */
import type { Notify } from '@diatonic/core';
import type { Logger } from 'pino';

export function loggedNotify(notify: Notify, logger: Pick<Logger, 'warn'>): Notify {
  return async (input) => {
    try {
      await notify(input);
    } catch (error) {
      const { kind, organizationId, userId } = input;
      logger.warn({ err: error, kind, organizationId, userId }, 'notification not stored');
      throw error;
    }
  };
}
