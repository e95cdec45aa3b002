/**
 * EventLog (DESIGN §4/§5): an ordered, append-only log per channel, stored as items, read by polling
 * (`list(after)`) or live (`subscribe`, in-process wake-ups for the Node server's SSE). Event ids come
 * from an atomic per-channel counter, not timestamps, so concurrent writers cannot interleave out of
 * order; an append whose event write fails after taking a number leaves a gap, and readers tolerate gaps.
 * Events expire after `retentionSeconds` (a client further behind refetches its view).
 *
 * Keys. A tenant channel (`T#<orgId>#…`, e.g. community's `T#<orgId>#COMMUNITY`) keeps its partition
 * tenant-leading as `<channel>#EVLOG`; a shared channel (`PUBLIC#COMMUNITY`) lives in `EVLOG#<channel>`:
 *   <partition> / SEQ                  the channel's counter
 *   <partition> / EV#<seq, 12 digits>  one event
 */
import type { ItemStore } from '../ports/item-store.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { deletePartition } from '../shared/partition-items.ts';

export interface LoggedEvent<P = Record<string, unknown>> {
  /** Decimal sequence number, increasing within the channel (the SSE `id`). */
  id: string;
  type: string;
  at: string;
  payload: P;
}

export interface EventPage<P = Record<string, unknown>> {
  items: LoggedEvent<P>[];
  /** The id to pass as `after` next time (the last id returned, or `after` when nothing is new). */
  lastId: string;
}

export type EventListener = () => void;

export interface EventLog {
  append(channel: string, type: string, payload: Record<string, unknown>): Promise<LoggedEvent>;
  /** Events with id > after, oldest first. `after` = "0" (or omitted) reads from the start of the retained log. */
  list(channel: string, after?: string, limit?: number): Promise<EventPage>;
  /** The latest id of a channel ("0" when empty): a new subscriber starting "from now". */
  latestId(channel: string): Promise<string>;
  /** Called (without data) after each append to the channel in this process; returns unsubscribe. */
  subscribe(channel: string, listener: EventListener): () => void;
  /** Removes the channel's events and counter (its organisation was deleted). */
  deleteChannel(channel: string): Promise<void>;
}

export interface EventLogOptions {
  store: ItemStore;
  clock: Clock;
  /** How long events are kept; defaults to 7 days. */
  retentionSeconds?: number;
}

const seqDigits = 12;
const maxListLimit = 500;

export function eventPartition(channel: string): string {
  return channel.startsWith('T#') ? `${channel}#EVLOG` : `EVLOG#${channel}`;
}

const counterKey = (channel: string) => ({ pk: eventPartition(channel), sk: 'SEQ' });
const eventSk = (seq: number) => `EV#${String(seq).padStart(seqDigits, '0')}`;

/** Parses an event id as given by a client (query string or Last-Event-ID); invalid → invalid_input. */
export function parseEventId(value: string | undefined, field = 'after'): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,12}$/.test(value)) throw AppError.invalidInput(`${field} must be an event id`, { field });
  return Number(value);
}

export function createEventLog(options: EventLogOptions): EventLog {
  const { store, clock } = options;
  const retentionSeconds = options.retentionSeconds ?? 7 * 24 * 3600;
  const listeners = new Map<string, Set<EventListener>>();

  return {
    async append(channel, type, payload) {
      const counter = await store.update<{ seq: number }>(counterKey(channel), { add: { seq: 1 } });
      const seq = counter.data.seq;
      const at = new Date(clock.nowMs()).toISOString();
      await store.put({
        pk: eventPartition(channel),
        sk: eventSk(seq),
        data: { type, at, payload },
        expiresAt: Math.floor(clock.nowMs() / 1000) + retentionSeconds,
      });
      for (const listener of listeners.get(channel) ?? []) listener();
      return { id: String(seq), type, at, payload };
    },
    async list(channel, after = '0', limit = 100) {
      const afterSeq = parseEventId(after);
      const page = await store.query<{ type: string; at: string; payload: Record<string, unknown> }>({
        pk: eventPartition(channel),
        sk: { between: [eventSk(afterSeq + 1), eventSk(10 ** seqDigits - 1)] },
        limit: Math.min(Math.max(1, limit), maxListLimit),
      });
      const items = page.items.map((item) => ({
        id: String(Number(item.sk.slice(3))),
        type: item.data.type,
        at: item.data.at,
        payload: item.data.payload,
      }));
      return { items, lastId: items.at(-1)?.id ?? String(afterSeq) };
    },
    async latestId(channel) {
      const counter = await store.get<{ seq: number }>(counterKey(channel));
      return String(counter?.data.seq ?? 0);
    },
    async deleteChannel(channel) {
      await deletePartition(store, { pk: eventPartition(channel) });
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(channel);
      };
    },
  };
}
