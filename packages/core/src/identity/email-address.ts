/** E-mail addresses: the one normalisation used for uniqueness, login and invitation matching. */
import { AppError } from '../shared/errors.ts';

export const maxEmailLength = 254;

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by the mail, not a regex.
const emailPattern = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** Trimmed, Unicode-normalised and lower-cased; matching is case-insensitive everywhere. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** Returns the trimmed address as typed, or throws invalid_input. */
export function requireValidEmail(email: unknown, field = 'email'): string {
  if (typeof email !== 'string') throw AppError.invalidInput('E-mail address is required', { field });
  const trimmed = email.trim().normalize('NFC');
  if (trimmed.length > maxEmailLength || !emailPattern.test(trimmed)) {
    throw AppError.invalidInput('E-mail address is not valid', { field });
  }
  return trimmed;
}
