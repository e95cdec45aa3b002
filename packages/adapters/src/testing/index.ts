/** Test-only servers that speak real provider wire protocols, for tests outside this package (never imported by production code). */
export * from '../llm/test-servers/bedrock-wire-server.ts';
export * from '../llm/test-servers/openai-wire-server.ts';
export * from '../media/sample-files.ts';
