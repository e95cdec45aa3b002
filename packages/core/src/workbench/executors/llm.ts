/**
 * `llm`: one model call through the AI gateway, as the run's actor, so the organisation's limits,
 * budgets and ledger apply (usage is tagged with agentId and runId). The prompt is a template
 * (`{{input}}`, `{{nodes.<id>.output}}`, `{{vars.<name>}}`); tokens stream to the run's log.
 * Gateway refusals that may pass (rate limit, upstream failure, unavailable) are retryable.
 */
import type { AiGateway } from '../../ai/index.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { type NodeConfigIssue, type NodeExecutor, RetryableNodeError } from '../node-executor.ts';
import { renderTemplate } from '../template.ts';

export const maxPromptTemplateChars = 100_000;
const retryableCodes = new Set(['rate_limited', 'upstream_failed', 'unavailable']);

export interface LlmExecutorOptions {
  ai: Pick<AiGateway, 'stream'>;
  /** Used when a node names no model. */
  defaultModel: string;
}

function checkData(data: Record<string, unknown>, nodeId: string): NodeConfigIssue[] {
  const issues: NodeConfigIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ nodeId, field, message });
  const { prompt, model, system, temperature, maxTokens } = data;
  if (typeof prompt !== 'string' || prompt.trim() === '') issue('prompt', 'prompt is required');
  else if (prompt.length > maxPromptTemplateChars)
    issue('prompt', `prompt may have at most ${maxPromptTemplateChars} characters`);
  if (model !== undefined && (typeof model !== 'string' || model === '')) issue('model', 'model must be a model id');
  if (system !== undefined && (typeof system !== 'string' || system.length > maxPromptTemplateChars)) {
    issue('system', `system must be a string of at most ${maxPromptTemplateChars} characters`);
  }
  if (temperature !== undefined && (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= 2))) {
    issue('temperature', 'temperature must be a number from 0 to 2');
  }
  if (
    maxTokens !== undefined &&
    (!Number.isSafeInteger(maxTokens) || (maxTokens as number) < 1 || (maxTokens as number) > 100_000)
  ) {
    issue('maxTokens', 'maxTokens must be an integer from 1 to 100000');
  }
  return issues;
}

export function llmExecutor({ ai, defaultModel }: LlmExecutorOptions): NodeExecutor {
  return {
    type: 'llm',
    validate: (node) => checkData(node.data, node.id),
    async execute(context) {
      const data = context.node.data;
      const prompt = renderTemplate(String(data.prompt ?? ''), context);
      const system =
        typeof data.system === 'string' && data.system !== '' ? renderTemplate(data.system, context) : null;
      const missing = [...prompt.missing, ...(system?.missing ?? [])];
      if (missing.length > 0) {
        context.log({ level: 'warn', message: `Template references with no value: ${missing.join(', ')}` });
      }
      if (prompt.text.trim() === '')
        throw AppError.invalidInput('The prompt is empty once rendered', { field: 'prompt' });
      const input = {
        model: typeof data.model === 'string' ? data.model : defaultModel,
        prompt: prompt.text,
        ...(system ? { system: system.text } : {}),
        ...(typeof data.temperature === 'number' ? { temperature: data.temperature } : {}),
        ...(typeof data.maxTokens === 'number' ? { maxTokens: data.maxTokens } : {}),
        agentId: context.agentId,
        runId: context.runId,
      };
      try {
        for await (const event of ai.stream(context.actor, input, { signal: context.signal })) {
          if (event.type === 'delta') {
            context.token(event.text);
            continue;
          }
          const { completion } = event;
          return {
            output: completion.text,
            usage: {
              inputTokens: completion.usage.inputTokens,
              outputTokens: completion.usage.outputTokens,
              costMicroUsd: completion.costMicroUsd,
            },
          };
        }
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason ?? error;
        if (isAppError(error) && retryableCodes.has(error.code)) {
          throw new RetryableNodeError(error.message, { cause: error });
        }
        throw error;
      }
      throw new RetryableNodeError('The model stream ended without a result');
    },
  };
}
