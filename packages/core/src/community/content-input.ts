/** Checks of what authors send; the routes' zod schemas say the same for the wire, this guards the facade. */
import { AppError } from '../shared/errors.ts';
import type { CommunityLimits } from './community-deps.ts';
import { type ContentType, contentTypes, type Visibility, visibilities } from './records.ts';

export interface PostInput {
  title: string;
  content: string;
  contentType?: ContentType;
  attachments?: string[];
  tags?: string[];
  visibility?: Visibility;
}

const tagPattern = /^[a-z0-9][a-z0-9-]{0,29}$/;

export function checkText(value: unknown, field: string, max: number, required = true): string {
  if (typeof value !== 'string') throw AppError.invalidInput(`${field} must be text`, { field });
  const text = value.trim();
  if (required && text === '') throw AppError.invalidInput(`${field} must not be empty`, { field });
  if (text.length > max) throw AppError.invalidInput(`${field} is longer than ${max} characters`, { field, max });
  return text;
}

/** Lower-cased, unique, `a-z0-9-`, at most `maxTags`. */
export function checkTags(value: unknown, limits: CommunityLimits): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw AppError.invalidInput('tags must be a list', { field: 'tags' });
  const tags = [...new Set(value.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : '')))];
  if (tags.length > limits.maxTags) throw AppError.invalidInput(`At most ${limits.maxTags} tags`, { field: 'tags' });
  for (const tag of tags) {
    if (!tagPattern.test(tag)) {
      throw AppError.invalidInput('A tag is 1–30 characters of a-z, 0-9 and -', { field: 'tags', tag });
    }
  }
  return tags;
}

export function checkContentType(value: unknown): ContentType {
  if (value === undefined) return 'text';
  if (!contentTypes.includes(value as ContentType)) {
    throw AppError.invalidInput(`contentType must be one of ${contentTypes.join(', ')}`, { field: 'contentType' });
  }
  return value as ContentType;
}

export function checkVisibility(value: unknown): Visibility {
  if (value === undefined) return 'organization';
  if (!visibilities.includes(value as Visibility)) {
    throw AppError.invalidInput(`visibility must be one of ${visibilities.join(', ')}`, { field: 'visibility' });
  }
  return value as Visibility;
}
