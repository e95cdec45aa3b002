// Bedrock on its own entry point, so a caller can import it on demand (apps/api/src/deps.ts) without
// the rest of the LLM adapters pulling the Bedrock SDK into its start-up.
export { createBedrockLlm } from '../llm/bedrock-llm.ts';
