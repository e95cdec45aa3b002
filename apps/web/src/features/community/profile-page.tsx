/** /community/users/:userId: a member's community profile; your own is editable. */
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { PostCard } from './post-card.tsx';
import { useFeed, useProfile, useUpdateProfile } from './use-community.ts';

export function ProfilePage() {
  const { userId = '' } = useParams();
  const profile = useProfile(userId);
  const me = useMe();
  const posts = useFeed({ sort: 'latest', authorId: userId });
  const [editing, setEditing] = useState(false);

  if (profile.isPending) return <LoadingState label="Loading profile…" />;
  if (profile.isError)
    return (
      <ErrorState title="This profile could not be loaded" error={profile.error} onRetry={() => profile.refetch()} />
    );
  const p = profile.data;
  const isMe = me.data?.user.id === userId;
  return (
    <section className="page community" aria-labelledby="profile-heading">
      <title>{`${p.name} · Community · Diatonic`}</title>
      <p>
        <Link to="/community">← Community</Link>
      </p>
      <h1 id="profile-heading">{p.name}</h1>
      <p className="lead">
        {p.title ?? p.role}
        {p.trustLevel !== null ? ` · trust level ${p.trustLevel}` : ''}
      </p>
      {p.bio ? <p>{p.bio}</p> : null}
      {p.links.length > 0 ? (
        <ul className="plain-list">
          {p.links.map((link) => (
            <li key={link.url}>
              <a href={link.url} rel="nofollow noopener noreferrer ugc" target="_blank">
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="status-list">
        <dt>Reputation</dt>
        <dd data-testid="reputation">{p.reputation}</dd>
        <dt>Posts</dt>
        <dd>{p.stats.posts}</dd>
        <dt>Comments</dt>
        <dd>{p.stats.comments}</dd>
        <dt>Reactions received</dt>
        <dd>{p.stats.reactionsReceived}</dd>
      </dl>
      {isMe ? (
        editing ? (
          <ProfileForm
            userId={userId}
            initial={{ name: p.name, title: p.title ?? '', bio: p.bio ?? '' }}
            onDone={() => setEditing(false)}
          />
        ) : (
          <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
            Edit profile
          </button>
        )
      ) : null}
      <h2>Posts</h2>
      {(posts.data?.pages.flatMap((page) => page.items) ?? []).map((post) => (
        <PostCard key={post.id} post={post} />
      ))}
    </section>
  );
}

function ProfileForm({
  userId,
  initial,
  onDone,
}: {
  userId: string;
  initial: { name: string; title: string; bio: string };
  onDone: () => void;
}) {
  const update = useUpdateProfile(userId);
  const [values, setValues] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: values.name, title: values.title || null, bio: values.bio || null }, { onSuccess: onDone });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Edit profile">
      {(['name', 'title', 'bio'] as const).map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`profile-${field}`}>{field[0]!.toUpperCase() + field.slice(1)}</label>
          {field === 'bio' ? (
            <textarea
              id="profile-bio"
              value={values.bio}
              maxLength={2000}
              onChange={(e) => setValues({ ...values, bio: e.target.value })}
            />
          ) : (
            <input
              id={`profile-${field}`}
              value={values[field]}
              maxLength={field === 'name' ? 80 : 100}
              onChange={(e) => setValues({ ...values, [field]: e.target.value })}
            />
          )}
        </div>
      ))}
      <FormError error={update.error} />
      <div className="actions">
        <button type="submit" disabled={update.isPending}>
          Save
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
