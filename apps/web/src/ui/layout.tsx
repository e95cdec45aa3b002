/**
 * The page frame: skip link, header with the main navigation and the account menu, the page-wide notice,
 * the routed page in <main>, footer.
 */
import { Link, NavLink, Outlet } from 'react-router';
import { AccountMenu } from '../features/auth/account-menu.tsx';
import { navigationItems } from './navigation-items.ts';
import { NoticeBanner } from './notice-banner.tsx';

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Diatonic
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            {navigationItems.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className="nav-link">
                  {item.label}
                  {item.isAvailable ? null : <span className="badge">coming soon</span>}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <AccountMenu />
      </header>
      <main id="main" tabIndex={-1}>
        <NoticeBanner />
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Diatonic AI Platform · <a href="/api/docs">API documentation</a>
        </p>
      </footer>
    </>
  );
}
