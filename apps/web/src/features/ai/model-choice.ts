/** Which model a form starts on: the first one this server can call (the offline model when nothing is configured). */
import type { AiModel } from '@diatonic/api-schemas';

export function defaultModel<M extends Pick<AiModel, 'available'>>(models: readonly M[]): M | undefined {
  return models.find((model) => model.available) ?? models[0];
}
