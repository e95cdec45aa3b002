/** Placeholder page for a product area that is not built yet; says so plainly and shows no sample data. */
import { Link } from 'react-router';

export function ComingSoonPage({ area }: { area: string }) {
  return (
    <section className="page" aria-labelledby="coming-soon-heading">
      <title>{`${area} · Diatonic`}</title>
      <h1 id="coming-soon-heading">
        {area} <span className="badge">coming soon</span>
      </h1>
      <p>{area} is not available yet. It will appear here once it is built.</p>
      <p>
        <Link to="/">Back to the home page</Link>
      </p>
    </section>
  );
}
