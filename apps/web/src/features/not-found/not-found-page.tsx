/** The client-side 404: any route the SPA does not know lands here. */
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="page" aria-labelledby="not-found-heading">
      <title>Page not found · Diatonic</title>
      <h1 id="not-found-heading">Page not found</h1>
      <p>
        There is no page at <code>{pathname}</code>.
      </p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
