/**
 * Node types built outside the engine, and what they share. Register the executors with the engine
 * as described in README.md; the `http` executor needs network I/O and lives in
 * `@diatonic/adapters/http-node`, built on the policy exported here.
 */

// The seam and the template renderer, so adapters need only this entry point.
export * from '../node-executor.ts';
export * from '../template.ts';
export * from './condition.ts';
export * from './expression-node.ts';
export * from './http/index.ts';
export * from './jsonata-expression.ts';
export * from './node-test-kit.ts';
export * from './regex-guard.ts';
export * from './transform.ts';
