/** `/`: the signed-in user's dashboard; for visitors, what the platform is and its live status from the API. */
import { useSession } from '../auth/use-session.ts';
import { Dashboard } from './dashboard.tsx';
import { PlatformStatus } from './platform-status.tsx';

export function HomePage() {
  const { isSignedIn } = useSession();
  if (isSignedIn) return <Dashboard />;
  return (
    <div className="page">
      <title>Diatonic AI Platform</title>
      <h1>Diatonic AI Platform</h1>
      <p className="lead">
        Learn, build and share AI: courses for learners and instructors, a workbench for agents, and a community — on
        one platform.
      </p>
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Platform status</h2>
        <PlatformStatus />
      </section>
    </div>
  );
}
