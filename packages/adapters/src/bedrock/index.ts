// Bedrock has its own entry point (not part of `@diatonic/adapters/llm`), so apps/api/src/deps.ts can
// import it on the first model call: the Bedrock SDK then stays out of the API Lambda's cold start.
export * from '../llm/bedrock-llm.ts';
