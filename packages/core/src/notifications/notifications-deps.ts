import type { ItemStore } from '../ports/item-store.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { NotificationView } from './records.ts';

export interface NotificationsDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  /** Called after a notification is stored (live delivery, e.g. an event stream); failures are ignored. */
  onNotified?: (delivery: { organizationId: string; userId: string; notification: NotificationView }) => void;
}
