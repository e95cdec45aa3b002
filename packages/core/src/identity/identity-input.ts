/**
 * Rule checks on use-case inputs. The HTTP edge validates shapes with zod; these keep the domain safe
 * when called from elsewhere (CLI, other modules) and turn bad values into invalid_input, never stored data.
 */
import { AppError } from '../shared/errors.ts';
import { type PlanId, planIds } from './plans.ts';
import { type OrgRole, orgRoles } from './roles.ts';

// Control characters (C0, DEL, C1: Unicode category Cc) have no place in a display name.
const controlCharacters = /\p{Cc}/u;

export function requireName(value: unknown, field: string, maxLength = 100): string {
  if (typeof value !== 'string') throw AppError.invalidInput(`${field} is required`, { field });
  const trimmed = value.trim().normalize('NFC');
  if (trimmed.length === 0) throw AppError.invalidInput(`${field} must not be empty`, { field });
  if ([...trimmed].length > maxLength) {
    throw AppError.invalidInput(`${field} must be at most ${maxLength} characters`, { field });
  }
  if (controlCharacters.test(trimmed)) throw AppError.invalidInput(`${field} contains control characters`, { field });
  return trimmed;
}

export function requireRole(value: unknown, field = 'role'): OrgRole {
  if (typeof value !== 'string' || !(orgRoles as readonly string[]).includes(value)) {
    throw AppError.invalidInput(`${field} must be one of ${orgRoles.join(', ')}`, { field });
  }
  return value as OrgRole;
}

export function requirePlan(value: unknown, field = 'plan'): PlanId {
  if (typeof value !== 'string' || !(planIds as readonly string[]).includes(value)) {
    throw AppError.invalidInput(`${field} must be one of ${planIds.join(', ')}`, { field });
  }
  return value as PlanId;
}

/** Ids we generate look like `org_01J…`; anything else cannot exist, and must not reach a key. */
export function requireId(value: unknown, prefix: string, field: string): string {
  if (typeof value !== 'string' || !new RegExp(`^${prefix}_[0-9A-Z]{26}$`).test(value)) {
    throw AppError.invalidInput(`${field} is not a valid id`, { field });
  }
  return value;
}

/** Ids of resources looked up by a caller who may be probing: a malformed one is simply not found. */
export function isId(value: unknown, prefix: string): value is string {
  return typeof value === 'string' && new RegExp(`^${prefix}_[0-9A-Z]{26}$`).test(value);
}

export function requirePageLimit(value: unknown, fallback = 50, max = 100): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw AppError.invalidInput(`limit must be an integer from 1 to ${max}`, { field: 'limit' });
  }
  return value;
}
