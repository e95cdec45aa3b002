/** The education sub-navigation: catalog and my learning for everyone, authoring for instructors and up. */
import { NavLink } from 'react-router';
import { useMe } from '../auth/use-me.ts';

export function EducationNav() {
  const me = useMe();
  const canAuthor = me.data?.permissions.includes('module:create') ?? false;
  return (
    <nav className="education-nav" aria-label="Education">
      <NavLink to="/education" end>
        Catalog
      </NavLink>
      <NavLink to="/education/learning">My learning</NavLink>
      {canAuthor ? <NavLink to="/education/authoring">Authoring</NavLink> : null}
    </nav>
  );
}
