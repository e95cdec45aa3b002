/**
 * The signed-in home: who and where the user is, and where they left off in each area of the active
 * organisation — learning in progress, their organisation's agents, the latest posts — each card linking
 * on to its area. Every card loads on its own, so one slow or failing area never blanks the others.
 */
import { Link } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { useFeed } from '../community/use-community.ts';
import { useMyLearning } from '../education/education-queries.ts';
import { roleLabels } from '../orgs/role-labels.ts';
import { useAgents } from '../workbench/use-workbench.ts';
import { PlatformStatus } from './platform-status.tsx';

/** How many items each card lists before its "all" link. */
const shown = 3;

interface AreaQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch(): unknown;
}

interface AreaCardProps<T> {
  id: string;
  title: string;
  query: AreaQuery;
  items: T[];
  itemKey(item: T): string;
  /** The item's link (its name) and one muted line about it. */
  link(item: T): { to: string; label: string };
  detail(item: T): string;
  emptyText: string;
  /** Where to go next: the whole area, or where to start when it is empty. */
  more: { to: string; label: string };
}

function AreaCard<T>({ id, title, query, items, itemKey, link, detail, emptyText, more }: AreaCardProps<T>) {
  const list = (
    <ul className="dashboard-list">
      {items.map((item) => (
        <li key={itemKey(item)}>
          <Link to={link(item).to}>{link(item).label}</Link>
          <span className="muted">{detail(item)}</span>
        </li>
      ))}
    </ul>
  );
  return (
    <section className="card dashboard-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {query.isPending ? <LoadingState label={`Loading ${title.toLowerCase()}…`} /> : null}
      {query.isError ? (
        <ErrorState title={`${title} could not be loaded`} error={query.error} onRetry={() => query.refetch()} />
      ) : null}
      {!query.isPending && !query.isError ? items.length === 0 ? <p>{emptyText}</p> : list : null}
      <p className="dashboard-more">
        <Link to={more.to}>{more.label}</Link>
      </p>
    </section>
  );
}

function ContinueLearning() {
  const learning = useMyLearning();
  // Unfinished first, then the most recently enrolled.
  const items = [...(learning.data?.items ?? [])]
    .sort(
      (a, b) =>
        Number(a.status === 'completed') - Number(b.status === 'completed') || b.enrolledAt.localeCompare(a.enrolledAt),
    )
    .slice(0, shown);
  return (
    <AreaCard
      id="learning"
      title="Continue learning"
      query={learning}
      items={items}
      itemKey={(item) => item.moduleId}
      link={(item) => ({ to: `/education/modules/${item.moduleId}`, label: item.title })}
      detail={(item) => (item.status === 'completed' ? 'Completed' : `${item.percentComplete}% complete`)}
      emptyText="You are not enrolled in any module yet."
      more={
        items.length === 0
          ? { to: '/education', label: 'Browse the catalog' }
          : { to: '/education/learning', label: 'All my learning' }
      }
    />
  );
}

function RecentAgents() {
  const agents = useAgents();
  const items = [...(agents.data?.items ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, shown);
  return (
    <AreaCard
      id="agents"
      title="Agents"
      query={agents}
      items={items}
      itemKey={(agent) => agent.id}
      link={(agent) => ({ to: `/workbench/agents/${agent.id}`, label: agent.name })}
      detail={(agent) =>
        `${agent.nodeCount} nodes · ${agent.publishedVersion === null ? 'draft' : `published v${agent.publishedVersion}`}`
      }
      emptyText="No agents in this organisation yet."
      more={{ to: '/workbench', label: items.length === 0 ? 'Build one in the workbench' : 'All agents' }}
    />
  );
}

function LatestPosts() {
  const feed = useFeed({ sort: 'latest' });
  const items = (feed.data?.pages[0]?.items ?? []).slice(0, shown);
  return (
    <AreaCard
      id="posts"
      title="Latest in the community"
      query={feed}
      items={items}
      itemKey={(post) => post.id}
      link={(post) => ({ to: `/community/posts/${post.id}`, label: post.title })}
      detail={(post) =>
        `${post.authorProfile.name} · ${post.metrics.comments} ${post.metrics.comments === 1 ? 'comment' : 'comments'}`
      }
      emptyText="Nothing has been posted here yet."
      more={{ to: '/community', label: items.length === 0 ? 'Start a discussion' : 'All posts' }}
    />
  );
}

export function Dashboard() {
  const me = useMe();
  const active = me.data?.activeOrganization;
  return (
    <div className="page">
      <title>Home · Diatonic</title>
      <h1>{me.data ? `Welcome back, ${me.data.user.name}` : 'Welcome back'}</h1>
      {me.isError ? (
        <ErrorState title="Your account could not be loaded" error={me.error} onRetry={() => me.refetch()} />
      ) : null}
      {active ? (
        <p className="lead">
          {active.name} · {roleLabels[active.role]} · Plan: {active.plan}
        </p>
      ) : null}
      {/* The cards read the active organisation, so they wait until /api/auth/me has settled it. */}
      {active ? (
        <div className="dashboard-grid">
          <ContinueLearning />
          <RecentAgents />
          <LatestPosts />
        </div>
      ) : null}
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Platform status</h2>
        <PlatformStatus />
      </section>
    </div>
  );
}
