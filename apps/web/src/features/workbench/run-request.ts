/** The run form's text fields to an execute request, with a message per field that cannot be sent. */
import type { ExecuteAgentRequest } from '@diatonic/api-schemas';

export interface RunFormValues {
  input: string;
  inputIsJson: boolean;
  /** A JSON object, or empty. */
  variables: string;
  /** `draft` or a published version number. */
  version: string;
}

export interface ParsedRunRequest {
  request: ExecuteAgentRequest | null;
  errors: Partial<Record<keyof RunFormValues, string>>;
}

export function parseRunRequest(values: RunFormValues): ParsedRunRequest {
  const errors: ParsedRunRequest['errors'] = {};
  let input: unknown = values.input;
  if (values.inputIsJson) {
    try {
      input = JSON.parse(values.input);
    } catch {
      errors.input = 'The input is not valid JSON';
    }
  }
  let variables: Record<string, unknown> | undefined;
  if (values.variables.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(values.variables);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.variables = 'Variables must be a JSON object, e.g. {"tone": "friendly"}';
      } else {
        variables = parsed as Record<string, unknown>;
      }
    } catch {
      errors.variables = 'Variables must be valid JSON';
    }
  }
  const version = values.version === 'draft' ? 'draft' : Number(values.version);
  if (version !== 'draft' && !(Number.isInteger(version) && version >= 1)) errors.version = 'Choose a version';
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return {
    request: { input, agentVersion: version, ...(variables ? { variables } : {}) },
    errors,
  };
}
