/** The landing page: what the platform is, and its live status from the API. */
import { PlatformStatus } from './platform-status.tsx';

export function HomePage() {
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
