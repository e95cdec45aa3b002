/**
 * The shared zod hook of every route: a failed schema becomes `400 invalid_input` listing each failing
 * field as `{ path, message }`, and `details.location` says which part of the request was wrong.
 */
import { AppError } from '@diatonic/core';
import type { z } from 'zod';

const locations: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

export function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function validationHook(result: { success: true } | { success: false; error: z.ZodError; target: string }) {
  if (result.success) return;
  const location = locations[result.target] ?? result.target;
  throw AppError.invalidInput(`The request ${location} is not valid`, { location, issues: toIssues(result.error) });
}
