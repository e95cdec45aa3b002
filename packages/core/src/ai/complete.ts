import type { LlmResult } from '../ports/llm-provider.ts';
import type { Actor } from '../shared/actor.ts';
import type { AiDeps } from './ai-deps.ts';
import { beginCall, type CompletionView, failCall, finishCall } from './gateway-call.ts';
import type { CompleteInput } from './prepare-call.ts';

export interface CallOptions {
  /** Aborts the provider call; the reservation is released. */
  signal?: AbortSignal;
  /**
   * The HTTP request's id, kept in the call's ledger entry: with it the entry is the call's audit
   * record (who, organisation, model, when, outcome, request), so the API writes no second one.
   */
  requestId?: string;
}

/** One model call through the gateway: authorise, limit, reserve, cache, call, settle, record. */
export async function complete(
  deps: AiDeps,
  actor: Actor,
  input: CompleteInput,
  options: CallOptions = {},
): Promise<CompletionView> {
  const call = await beginCall(deps, actor, input, options.requestId);
  if (call.kind === 'cached') return call.completion;
  let result: LlmResult;
  try {
    const provider = deps.providerFor(call.prepared.model);
    result = await provider.complete({ ...call.prepared.request, signal: options.signal });
  } catch (error) {
    throw await failCall(deps, actor, call, error);
  }
  return finishCall(deps, actor, call, result);
}
