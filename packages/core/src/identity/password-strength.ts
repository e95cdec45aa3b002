/** Minimum password rules, checked at sign-up, password change and first-admin creation. */
import { AppError } from '../shared/errors.ts';
import { commonPasswords } from './common-passwords.ts';
import { normaliseEmail } from './email-address.ts';
import { maxPasswordLength } from './password-hash.ts';

export const minPasswordLength = 10;

/** Returns the reason a password is refused, or undefined when it is acceptable. */
export function passwordWeakness(password: string, email?: string | null): string | undefined {
  const length = [...password].length;
  if (length < minPasswordLength) return `Password must be at least ${minPasswordLength} characters`;
  if (length > maxPasswordLength) return `Password must be at most ${maxPasswordLength} characters`;
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((pattern) => pattern.test(password));
  if (classes.length < 2) {
    return 'Password must mix at least two kinds of characters (lower case, upper case, digits, symbols)';
  }
  const lowered = password.toLowerCase();
  if (email) {
    const normalised = normaliseEmail(email);
    const local = normalised.split('@')[0] ?? '';
    if (lowered === normalised || (local.length >= 4 && lowered.includes(local))) {
      return 'Password must not contain your e-mail address';
    }
  }
  if (new Set(lowered).size <= 2) return 'Password must not repeat the same characters';
  const core = lowered.replace(/^[^\p{L}\p{Nd}]+|[^\p{L}\p{Nd}]+$/gu, '');
  if (commonPasswords.has(lowered) || commonPasswords.has(core)) return 'Password is too common';
  return undefined;
}

export function requireStrongPassword(password: unknown, email?: string | null, field = 'password'): string {
  if (typeof password !== 'string') throw AppError.invalidInput('Password is required', { field });
  const weakness = passwordWeakness(password, email);
  if (weakness) throw AppError.invalidInput(weakness, { field });
  return password;
}
