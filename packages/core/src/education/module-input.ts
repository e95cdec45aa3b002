/** Checks the editable fields of a module (create and update share them). */
import { AppError } from '../shared/errors.ts';
import {
  type Difficulty,
  difficulties,
  type ModuleContentType,
  type ModuleFields,
  type ModuleVisibility,
  moduleContentTypes,
  moduleVisibilities,
} from './records.ts';

export interface ModuleFieldsInput {
  title?: string;
  description?: string;
  contentType?: ModuleContentType;
  difficulty?: Difficulty;
  estimatedDuration?: number | null;
  prerequisites?: string[];
  learningObjectives?: string[];
  contentUrl?: string | null;
  thumbnailUrl?: string | null;
  tags?: string[];
  visibility?: ModuleVisibility;
}

export const maxPrerequisites = 20;

function trimmed(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw AppError.invalidInput(`${field} must be text`, { field });
  const text = value.trim();
  if (text.length < min || text.length > max) {
    throw AppError.invalidInput(`${field} must be ${min}–${max} characters`, { field });
  }
  return text;
}

function list(value: unknown, field: string, maxItems: number, maxLength: number, lower = false): string[] {
  if (!Array.isArray(value) || value.length > maxItems) {
    throw AppError.invalidInput(`${field} must be a list of at most ${maxItems}`, { field });
  }
  const items = value.map((item) => trimmed(item, field, 1, maxLength));
  return [...new Set(lower ? items.map((item) => item.toLowerCase()) : items)];
}

function url(value: unknown, field: string): string | null {
  if (value === null) return null;
  const text = trimmed(value, field, 1, 2048);
  // https links, or paths on this platform (uploaded assets); never javascript: or data: URLs.
  if (!/^https?:\/\//i.test(text) && !text.startsWith('/')) {
    throw AppError.invalidInput(`${field} must be an http(s) URL or a path`, { field });
  }
  return text;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw AppError.invalidInput(`${field} must be one of ${allowed.join(', ')}`, { field });
  return value as T;
}

/** The given fields, checked and normalised; fields not given are left out. */
export function checkModuleFields(input: ModuleFieldsInput): Partial<ModuleFields> {
  const out: Partial<ModuleFields> = {};
  if (input.title !== undefined) out.title = trimmed(input.title, 'title', 1, 200);
  if (input.description !== undefined) out.description = trimmed(input.description, 'description', 0, 5000);
  if (input.contentType !== undefined) out.contentType = oneOf(input.contentType, 'contentType', moduleContentTypes);
  if (input.difficulty !== undefined) out.difficulty = oneOf(input.difficulty, 'difficulty', difficulties);
  if (input.estimatedDuration !== undefined) {
    const minutes = input.estimatedDuration;
    if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 100_000)) {
      throw AppError.invalidInput('estimatedDuration must be whole minutes (1–100000) or null', {
        field: 'estimatedDuration',
      });
    }
    out.estimatedDuration = minutes;
  }
  if (input.prerequisites !== undefined) {
    out.prerequisites = list(input.prerequisites, 'prerequisites', maxPrerequisites, 40);
  }
  if (input.learningObjectives !== undefined) {
    out.learningObjectives = list(input.learningObjectives, 'learningObjectives', 30, 500);
  }
  if (input.contentUrl !== undefined) out.contentUrl = url(input.contentUrl, 'contentUrl');
  if (input.thumbnailUrl !== undefined) out.thumbnailUrl = url(input.thumbnailUrl, 'thumbnailUrl');
  if (input.tags !== undefined) {
    out.tags = list(input.tags, 'tags', 20, 40, true);
    for (const tag of out.tags) {
      if (tag.includes('#')) throw AppError.invalidInput('tags may not contain #', { field: 'tags' });
    }
  }
  if (input.visibility !== undefined) out.visibility = oneOf(input.visibility, 'visibility', moduleVisibilities);
  return out;
}
