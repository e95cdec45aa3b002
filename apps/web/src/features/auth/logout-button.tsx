/**
 * Ends the session on the server and in this browser, then shows the login page; in Cognito mode it goes
 * on to the hosted UI's sign-out, which returns to the app's home page.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { logout } from '../../api/auth-api.ts';
import { noticeStore } from '../../ui/notice-store.ts';

export function LogoutButton() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);

  const onClick = async () => {
    setPending(true);
    let hostedUiLogoutUrl: string | null = null;
    try {
      ({ hostedUiLogoutUrl } = await logout());
      if (!hostedUiLogoutUrl) noticeStore.show('You have logged out.');
    } catch {
      // logout() forgets the session locally even when the server could not be told.
      noticeStore.show('You have logged out of this browser, but the server could not be reached to end the session.');
    }
    queryClient.clear();
    // Cognito: the hosted UI ends its own session and returns to the app (not to /login, which would
    // start a new sign-in at once).
    if (hostedUiLogoutUrl) {
      location.assign(hostedUiLogoutUrl);
      return;
    }
    setPending(false);
    navigate('/login', { replace: true });
  };

  return (
    <button type="button" className="button-secondary" onClick={onClick} disabled={pending}>
      {pending ? 'Logging out…' : 'Log out'}
    </button>
  );
}
