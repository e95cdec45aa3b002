/** /ai: the AI area, with its two pages as tabs: the playground and the usage dashboard. */
import { NavLink, Outlet } from 'react-router';

export function AiPage() {
  return (
    <section className="page ai-page" aria-labelledby="ai-heading">
      <title>AI · Diatonic</title>
      <h1 id="ai-heading">AI</h1>
      <nav aria-label="AI pages">
        <ul className="ai-tab-list">
          <li>
            <NavLink to="/ai/playground" className="ai-tab">
              Playground
            </NavLink>
          </li>
          <li>
            <NavLink to="/ai/usage" className="ai-tab">
              Usage
            </NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </section>
  );
}
