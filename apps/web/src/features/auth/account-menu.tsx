/**
 * The header's right side: signed in, the organisation switcher, the notifications bell, the platform
 * administration link (platform admins), the account link and log-out; else log-in and sign-up.
 */
import { Link, NavLink } from 'react-router';
import { NotificationBell } from '../notifications/notification-bell.tsx';
import { OrganizationSwitcher } from '../orgs/organization-switcher.tsx';
import { LogoutButton } from './logout-button.tsx';
import { useOwnPasswords } from './use-auth-config.ts';
import { useMe } from './use-me.ts';
import { useSession } from './use-session.ts';

function PlatformAdminLink() {
  const me = useMe();
  if (me.data?.user.platformRole !== 'platform_admin') return null;
  return (
    <NavLink to="/admin" className="nav-link">
      Platform admin
    </NavLink>
  );
}

export function AccountMenu() {
  const { isSignedIn } = useSession();
  // Cognito: one "Log in" to the hosted UI, which offers sign-up itself.
  const offersSignUp = useOwnPasswords() === true;
  if (!isSignedIn) {
    return (
      <div className="account-menu">
        <Link to="/login">Log in</Link>
        {offersSignUp ? (
          <Link to="/signup" className="button-link">
            Sign up
          </Link>
        ) : null}
      </div>
    );
  }
  return (
    <div className="account-menu">
      <OrganizationSwitcher />
      <NotificationBell />
      <PlatformAdminLink />
      <NavLink to="/account" className="nav-link">
        Account
      </NavLink>
      <LogoutButton />
    </div>
  );
}
