/**
 * Exact-match response cache per organisation. The key is a SHA-256 of everything that shapes the
 * answer (our model id, system, messages, maxTokens, temperature, stop), stored under T#<orgId>, so
 * two organisations never share an entry even for identical prompts.
 */
import { createHash } from 'node:crypto';
import type { TransactOperation } from '../ports/item-store.ts';
import type { LlmMessage, LlmStopReason } from '../ports/llm-provider.ts';
import type { AiDeps } from './ai-deps.ts';
import { aiCacheKey } from './keys.ts';

export interface CacheableRequest {
  model: string;
  system: string | undefined;
  messages: LlmMessage[];
  maxTokens: number;
  temperature: number | undefined;
  stop: string[] | undefined;
}

export interface CachedResponse extends Record<string, unknown> {
  text: string;
  inputTokens: number;
  outputTokens: number;
  stopReason: LlmStopReason;
  offline: boolean;
  /** What the original call cost: a hit saves this much. */
  costMicroUsd: number;
  createdAt: string;
}

export function cacheHash(request: CacheableRequest): string {
  const canonical = JSON.stringify([
    request.model,
    request.system ?? null,
    request.messages.map((m) => [m.role, m.content]),
    request.maxTokens,
    request.temperature ?? null,
    request.stop ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The write that caches a response (for the settling transaction); it expires after the cache TTL. */
export function cachedResponseWrite(
  deps: AiDeps,
  orgId: string,
  hash: string,
  response: CachedResponse,
): TransactOperation {
  const expiresAt = Math.ceil(deps.clock.nowMs() / 1000) + deps.settings.cacheTtlSeconds;
  return { kind: 'put', item: { ...aiCacheKey(orgId, hash), data: response, expiresAt } };
}
