/** Toggle buttons for the four reactions, with counts; pressed = one of mine. */
import type { ReactionCounts, ReactionType } from '@diatonic/api-schemas';
import { useReact } from './use-community.ts';

const labels: Record<ReactionType, string> = {
  like: '👍 Like',
  love: '❤️ Love',
  insight: '💡 Insight',
  question: '❓ Question',
};
const types = Object.keys(labels) as ReactionType[];

export function ReactionBar({
  kind,
  targetId,
  counts,
  mine,
}: {
  kind: 'post' | 'comment';
  targetId: string;
  counts: ReactionCounts;
  mine: ReactionType[];
}) {
  const toggle = useReact();
  return (
    <fieldset className="reaction-bar">
      <legend className="visually-hidden">Reactions</legend>
      {types.map((type) => (
        <button
          key={type}
          type="button"
          className="reaction"
          aria-pressed={mine.includes(type)}
          disabled={toggle.isPending}
          onClick={() => toggle.mutate({ kind, targetId, type })}
        >
          {labels[type]} <span className="reaction-count">{counts[type]}</span>
        </button>
      ))}
    </fieldset>
  );
}
