/**
 * Words in a text, for reading-time estimates: whitespace-separated pieces holding a letter or a digit
 * (markdown markup such as `#` or `-` alone is not a word). Shared by education's section durations and
 * the media inspector's PDF text, so both count alike.
 */
export function countWords(text: string): number {
  let count = 0;
  for (const piece of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(piece)) count++;
  return count;
}
