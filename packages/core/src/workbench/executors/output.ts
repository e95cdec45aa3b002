/** `output`: the run's result, formatted as text, JSON or markdown (the existing builder's `outputFormat`). */
import { AppError } from '../../shared/errors.ts';
import type { NodeExecutor } from '../node-executor.ts';
import { asText, upstreamOf } from '../template.ts';

export const outputFormats = ['text', 'json', 'markdown'] as const;

export const outputExecutor: NodeExecutor = {
  type: 'output',
  pure: true,
  validate(node) {
    const { outputFormat } = node.data;
    if (outputFormat !== undefined && !(outputFormats as readonly unknown[]).includes(outputFormat)) {
      return [{ nodeId: node.id, field: 'outputFormat', message: 'outputFormat must be text, json or markdown' }];
    }
    return [];
  },
  async execute(context) {
    const value = upstreamOf(context);
    const format = (context.node.data.outputFormat as string | undefined) ?? 'text';
    if (format !== 'json') return { output: asText(value) };
    if (typeof value !== 'string') return { output: value ?? null };
    try {
      return { output: JSON.parse(value) as unknown };
    } catch {
      throw AppError.invalidInput('The output node expects JSON but received text that is not JSON', {
        field: 'outputFormat',
        received: value.slice(0, 200),
      });
    }
  },
};
