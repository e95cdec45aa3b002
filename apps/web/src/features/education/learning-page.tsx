/** /education/learning: my enrolments with percent complete and where to continue. */
import { Link } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { EducationNav } from './education-nav.tsx';
import { useMyLearning } from './education-queries.ts';

export function LearningPage() {
  const learning = useMyLearning();
  return (
    <section className="page" aria-labelledby="learning-heading">
      <title>My learning · Diatonic</title>
      <h1 id="learning-heading">My learning</h1>
      <EducationNav />
      {learning.isPending ? <LoadingState label="Loading your progress…" /> : null}
      {learning.isError ? (
        <ErrorState
          title="Your progress could not be loaded"
          error={learning.error}
          onRetry={() => learning.refetch()}
        />
      ) : null}
      {learning.data && learning.data.items.length === 0 ? (
        <p>
          You are not enrolled in anything yet. <Link to="/education">Browse the catalog</Link>.
        </p>
      ) : null}
      <ul className="learning-list">
        {learning.data?.items.map((item) => (
          <li key={item.moduleId} className="card">
            <h2>
              <Link to={`/education/modules/${item.moduleId}`}>{item.title}</Link>
            </h2>
            <progress max={100} value={item.percentComplete} aria-label={`${item.title} progress`} />
            <p>
              {item.percentComplete}% complete · {item.status === 'completed' ? 'Completed' : 'In progress'} · version{' '}
              {item.version}
              {item.latestVersion && item.latestVersion !== item.version
                ? ` (version ${item.latestVersion} is out)`
                : ''}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
