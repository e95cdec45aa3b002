import { describe, expect, it } from 'vitest';
import { passwordWeakness, requireStrongPassword } from './password-strength.ts';

describe('password strength', () => {
  it.each([
    ['Short1!', /at least 10/],
    ['alllowercaseletters', /two kinds/],
    ['1234567891234', /two kinds/],
    ['aaaaaaaaaa1', /repeat/],
    ['Password123!', /too common/],
    ['qwertyuiop123', /too common/],
    ['alice.smith+2025', /e-mail/],
    ['x'.repeat(250) + 'Y'.repeat(10), /at most 256/],
  ])('refuses %s', (password, reason) => {
    expect(passwordWeakness(password, 'Alice.Smith@example.com')).toMatch(reason);
  });

  it.each(['Correct-horse-42', 'tRoubadour staple', 'lange Wörter 9', 'Ünïcödé-Pässwörd'])('accepts %s', (password) => {
    expect(passwordWeakness(password, 'alice@example.com')).toBeUndefined();
  });

  it('reports the field with invalid_input', () => {
    expect(() => requireStrongPassword('short', null, 'newPassword')).toThrow(
      expect.objectContaining({ code: 'invalid_input', details: { field: 'newPassword' } }),
    );
    expect(() => requireStrongPassword(undefined)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
