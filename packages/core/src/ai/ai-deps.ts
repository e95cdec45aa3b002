/** What every AI gateway use case receives as its first argument. Built once by `createAiGateway`. */

import type { ItemStore } from '../ports/item-store.ts';
import type { LlmProvider } from '../ports/llm-provider.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { AlertEvent } from './budget-alerts.ts';
import type { CatalogModel } from './model-catalog.ts';

export interface AiSettings {
  /** How long a cached response is served. */
  cacheTtlSeconds: number;
  /** maxTokens used when a request names none (still capped by the model and the limits). */
  defaultMaxTokens: number;
}

export interface AiDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  catalog: readonly CatalogModel[];
  /** The provider that serves a catalog model (chosen by `model.provider`). */
  providerFor(model: CatalogModel): LlmProvider;
  /** Delivers a budget alert (in-app notification, audit entry, webhook); called once per threshold and period. */
  notifyAlert(event: AlertEvent): Promise<void>;
  settings: AiSettings;
}
