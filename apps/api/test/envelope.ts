/** Test support: asserts a response is a well-formed error envelope with the expected status and code. */
import { ApiErrorBody } from '@diatonic/api-schemas';
import { expect } from 'vitest';

export async function expectError(res: Response, status: number, code: string): Promise<ApiErrorBody> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = ApiErrorBody.parse(JSON.parse(text));
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}
