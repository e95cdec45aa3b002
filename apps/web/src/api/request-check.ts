/**
 * Checks a form's values against the API's own request schema (from @diatonic/api-schemas) before sending,
 * so empty or oversized fields are caught in the browser with the same bounds the server applies. The
 * server still applies the real rules (password strength, e-mail format) and its answer is shown as well.
 */

interface SchemaIssue {
  path: readonly PropertyKey[];
  code: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
}

export interface RequestSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: Record<string, string> };

export function checkRequest<T>(schema: RequestSchema<T>, value: unknown): CheckResult<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (!(name in fieldErrors)) fieldErrors[name] = describeIssue(issue);
  }
  return { ok: false, fieldErrors };
}

function describeIssue(issue: SchemaIssue): string {
  if (issue.code === 'too_small' && Number(issue.minimum) <= 1) return 'This field is required.';
  if (issue.code === 'too_small') return `Enter at least ${issue.minimum} characters.`;
  if (issue.code === 'too_big') return `Enter at most ${issue.maximum} characters.`;
  return 'This value is not valid.';
}

/** The string fields of a submitted form, for the request schemas (which expect strings, not Files). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value;
  return values;
}
