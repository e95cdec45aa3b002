/**
 * The signed-in home: who and where the user is, and where they left off in each area of the active
 * organisation — learning in progress, their organisation's agents, the latest posts — each card linking
 * on to its area. Every card loads on its own, so one slow or failing area never blanks the others.
 */
import type { ReactNode } from 'react';
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

function AreaCard(props: {
  id: string;
  title: string;
  query: AreaQuery;
  empty: boolean;
  emptyText: ReactNode;
  more: ReactNode;
  children: ReactNode;
}) {
  const { id, title, query, empty } = props;
  return (
    <section className="card dashboard-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {query.isPending ? <LoadingState label={`Loading ${title.toLowerCase()}…`} /> : null}
      {query.isError ? (
        <ErrorState title={`${title} could not be loaded`} error={query.error} onRetry={() => query.refetch()} />
      ) : null}
      {!query.isPending && !query.isError ? empty ? <p>{props.emptyText}</p> : props.children : null}
      <p className="dashboard-more">{props.more}</p>
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
      empty={items.length === 0}
      emptyText="You are not enrolled in any module yet."
      more={
        <Link to={items.length === 0 ? '/education' : '/education/learning'}>
          {items.length === 0 ? 'Browse the catalog' : 'All my learning'}
        </Link>
      }
    >
      <ul className="dashboard-list">
        {items.map((item) => (
          <li key={item.moduleId}>
            <Link to={`/education/modules/${item.moduleId}`}>{item.title}</Link>
            <progress max={100} value={item.percentComplete} aria-label={`${item.title} progress`} />
            <span className="muted">
              {item.status === 'completed' ? 'Completed' : `${item.percentComplete}% complete`}
            </span>
          </li>
        ))}
      </ul>
    </AreaCard>
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
      empty={items.length === 0}
      emptyText="No agents in this organisation yet."
      more={<Link to="/workbench">{items.length === 0 ? 'Build one in the workbench' : 'All agents'}</Link>}
    >
      <ul className="dashboard-list">
        {items.map((agent) => (
          <li key={agent.id}>
            <Link to={`/workbench/agents/${agent.id}`}>{agent.name}</Link>
            <span className="muted">
              {agent.nodeCount} nodes ·{' '}
              {agent.publishedVersion === null ? 'draft' : `published v${agent.publishedVersion}`}
            </span>
          </li>
        ))}
      </ul>
    </AreaCard>
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
      empty={items.length === 0}
      emptyText="Nothing has been posted here yet."
      more={<Link to="/community">{items.length === 0 ? 'Start a discussion' : 'All posts'}</Link>}
    >
      <ul className="dashboard-list">
        {items.map((post) => (
          <li key={post.id}>
            <Link to={`/community/posts/${post.id}`}>{post.title}</Link>
            <span className="muted">
              {post.authorProfile.name} · {post.metrics.comments} {post.metrics.comments === 1 ? 'comment' : 'comments'}
            </span>
          </li>
        ))}
      </ul>
    </AreaCard>
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
