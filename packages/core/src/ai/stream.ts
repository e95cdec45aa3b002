import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import type { CallOptions } from './complete.ts';
import { beginCall, type CompletionView, failCall, finishCall } from './gateway-call.ts';
import type { CompleteInput } from './prepare-call.ts';
import { countTokens } from './token-count.ts';

export type CompletionStreamEvent = { type: 'delta'; text: string } | { type: 'done'; completion: CompletionView };

/**
 * The streaming form of `complete`: deltas, then one `done` with usage and cost. Checks, limits and
 * the reservation happen on the first `next()`, before any delta, so a refusal is a thrown AppError.
 * A cache hit arrives as one delta. If the consumer stops early, the prompt and the text streamed so
 * far are charged (the provider bills them) and the rest of the reservation is released.
 */
export async function* stream(
  deps: AiDeps,
  actor: Actor,
  input: CompleteInput,
  options: CallOptions = {},
): AsyncGenerator<CompletionStreamEvent> {
  const call = await beginCall(deps, actor, input, options.requestId);
  if (call.kind === 'cached') {
    if (call.completion.text !== '') yield { type: 'delta', text: call.completion.text };
    yield { type: 'done', completion: call.completion };
    return;
  }
  let streamed = '';
  let settled = false;
  try {
    const provider = deps.providerFor(call.prepared.model);
    for await (const event of provider.stream({ ...call.prepared.request, signal: options.signal })) {
      if (event.type === 'delta') {
        streamed += event.text;
        yield event;
      } else {
        settled = true;
        const completion = await finishCall(deps, actor, call, event.result);
        yield { type: 'done', completion };
        return;
      }
    }
    settled = true;
    throw await failCall(
      deps,
      actor,
      call,
      new Error('The model stream ended without a result'),
      countTokens(streamed),
    );
  } catch (error) {
    if (settled) throw error;
    settled = true;
    throw await failCall(deps, actor, call, error, countTokens(streamed));
  } finally {
    if (!settled) {
      // The consumer stopped iterating (client went away): charge what was produced, release the rest.
      await failCall(
        deps,
        actor,
        call,
        new AppError('unavailable', 'The stream was closed by the client', { details: { reason: 'aborted' } }),
        countTokens(streamed),
      );
    }
  }
}
