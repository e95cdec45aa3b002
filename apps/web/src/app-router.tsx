/**
 * Every client route of the SPA. Areas whose pages are not built yet route to their "coming soon" page;
 * anything else unknown renders the 404 page (the server answers unknown non-API paths with index.html).
 */
import { createBrowserRouter } from 'react-router';
import { ComingSoonPage } from './features/coming-soon/coming-soon-page.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { NotFoundPage } from './features/not-found/not-found-page.tsx';
import { Layout } from './ui/layout.tsx';
import { navigationItems } from './ui/navigation-items.ts';
import { RouteErrorPage } from './ui/route-error-page.tsx';

export function createAppRouter() {
  const comingSoon = navigationItems
    .filter((item) => !item.isAvailable)
    .map((item) => ({ path: item.to, element: <ComingSoonPage area={item.label} /> }));

  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteErrorPage />,
      children: [{ index: true, element: <HomePage /> }, ...comingSoon, { path: '*', element: <NotFoundPage /> }],
    },
  ]);
}
