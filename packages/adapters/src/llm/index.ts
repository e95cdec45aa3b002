export * from './offline-llm.ts';
export * from './openai-compatible-llm.ts';
