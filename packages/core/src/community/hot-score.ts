/**
 * Lemmy's hot rank (lemmy:crates/diesel_utils/replaceable_schema/utils.sql):
 *
 *   hot = log10(max(2, score + 2)) / (ageHours + 2) ^ 1.8
 *
 * with score = reactions of every type (we have no downvotes) and the rank forced to 0 once a post
 * is older than 7 days or dated in the future (anti-gaming). Ties fall back to newest first.
 */
export const hotGravity = 1.8;
export const hotMaxAgeHours = 7 * 24;

export function hotRank(score: number, createdAtMs: number, nowMs: number): number {
  const ageHours = (nowMs - createdAtMs) / 3_600_000;
  if (ageHours < 0 || ageHours > hotMaxAgeHours) return 0;
  return Math.log10(Math.max(2, score + 2)) / (ageHours + 2) ** hotGravity;
}
