/**
 * The one way any module tells a user something in-app (budget alerts, upload processed, module
 * approved, replies, mentions, moderation outcomes). Modules receive a `Notify` in their deps and
 * never write notification items themselves, so listing, unread counts and live delivery stay in
 * one place.
 */
export interface NotificationInput {
  organizationId: string;
  /** The recipient. */
  userId: string;
  /** Dotted kind, e.g. `ai.budget_alert`, `education.upload_ready`, `community.reply`. */
  kind: string;
  title: string;
  body?: string;
  /** Path inside the web app, e.g. `/education/modules/mod_…`. */
  link?: string;
  /** Same key for the same recipient → stored once (idempotent on job redelivery). */
  dedupeKey?: string;
}

export type Notify = (input: NotificationInput) => Promise<void>;
