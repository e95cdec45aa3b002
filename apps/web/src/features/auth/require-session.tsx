/** Guards signed-in pages: without a session, go to /login and come back here afterwards. */
import { Navigate, Outlet, useLocation } from 'react-router';
import { withNext } from './next-path.ts';
import { useSession } from './use-session.ts';

export function RequireSession() {
  const { isSignedIn } = useSession();
  const location = useLocation();
  if (!isSignedIn) return <Navigate to={withNext('/login', location.pathname + location.search)} replace />;
  return <Outlet />;
}
