/** Shown by the router when a page throws while rendering, instead of a blank screen. */
import { Link, useRouteError } from 'react-router';

export function RouteErrorPage() {
  const error = useRouteError();
  // The details go to the console for developers; users get a way back.
  console.error(error);
  return (
    <main id="main" className="page">
      <title>Something went wrong · Diatonic</title>
      <h1>Something went wrong</h1>
      <p>This page failed to load. Reloading usually helps; if it does not, please report it.</p>
      <p>
        <Link to="/">Back to the home page</Link>
      </p>
    </main>
  );
}
