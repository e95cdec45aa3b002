/**
 * Fields every node may carry in `data`, read by the engine rather than the node type: `timeoutMs`
 * and `retry` ({maxAttempts, baseMs, capMs}; exponential back-off with full jitter, and only for
 * RetryableNodeError).
 */
import type { RetryPolicy } from '../shared/retry-policy.ts';
import type { GraphNode, NodeConfigIssue } from './node-executor.ts';

export const maxNodeTimeoutMs = 15 * 60_000;
export const maxNodeAttempts = 10;

export interface NodePolicy {
  timeoutMs: number;
  maxAttempts: number;
  backoff: RetryPolicy;
}

const defaultBackoff: RetryPolicy = { baseMs: 500, capMs: 30_000 };

const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

export function nodePolicyIssues(node: GraphNode): NodeConfigIssue[] {
  const issues: NodeConfigIssue[] = [];
  const { timeoutMs, retry } = node.data;
  if (timeoutMs !== undefined && !isInt(timeoutMs, 10, maxNodeTimeoutMs)) {
    issues.push({
      nodeId: node.id,
      field: 'timeoutMs',
      message: `timeoutMs must be an integer from 10 to ${maxNodeTimeoutMs}`,
    });
  }
  if (retry !== undefined) {
    if (retry === null || typeof retry !== 'object' || Array.isArray(retry)) {
      issues.push({ nodeId: node.id, field: 'retry', message: 'retry must be {maxAttempts, baseMs, capMs}' });
    } else {
      const r = retry as Record<string, unknown>;
      if (r.maxAttempts !== undefined && !isInt(r.maxAttempts, 1, maxNodeAttempts)) {
        issues.push({
          nodeId: node.id,
          field: 'retry.maxAttempts',
          message: `maxAttempts must be 1 to ${maxNodeAttempts}`,
        });
      }
      if (r.baseMs !== undefined && !isInt(r.baseMs, 1, 60_000)) {
        issues.push({ nodeId: node.id, field: 'retry.baseMs', message: 'baseMs must be 1 to 60000' });
      }
      if (r.capMs !== undefined && !isInt(r.capMs, 1, 15 * 60_000)) {
        issues.push({ nodeId: node.id, field: 'retry.capMs', message: 'capMs must be 1 to 900000' });
      }
    }
  }
  return issues;
}

export function nodePolicy(node: GraphNode, defaultTimeoutMs: number): NodePolicy {
  const { timeoutMs, retry } = node.data;
  const r = (retry ?? {}) as Record<string, unknown>;
  const baseMs = typeof r.baseMs === 'number' ? r.baseMs : defaultBackoff.baseMs;
  const capMs = Math.max(baseMs, typeof r.capMs === 'number' ? r.capMs : defaultBackoff.capMs);
  return {
    timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : defaultTimeoutMs,
    maxAttempts: typeof r.maxAttempts === 'number' ? r.maxAttempts : 1,
    backoff: { baseMs, capMs },
  };
}
