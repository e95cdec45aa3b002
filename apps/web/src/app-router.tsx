/**
 * Every client route of the SPA. Signed-in pages sit under RequireSession (which sends visitors to /login
 * and back). Areas whose pages are not built yet route to their "coming soon" page; anything else unknown
 * renders the 404 page (the server answers unknown non-API paths with index.html).
 */
import { createBrowserRouter, Navigate } from 'react-router';
import { AccountPage } from './features/account/account-page.tsx';
import { AdminPage } from './features/admin/admin-page.tsx';
import { AiPage } from './features/ai/ai-page.tsx';
import { PlaygroundPage } from './features/ai/playground-page.tsx';
import { UsagePage } from './features/ai/usage-page.tsx';
import { CognitoCallbackPage } from './features/auth/cognito-callback-page.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { RequireSession } from './features/auth/require-session.tsx';
import { SignInRoute } from './features/auth/sign-in-route.tsx';
import { SignupPage } from './features/auth/signup-page.tsx';
import { ComingSoonPage } from './features/coming-soon/coming-soon-page.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { ModerationItemPage } from './features/moderation/moderation-item-page.tsx';
import { ModerationQueuePage } from './features/moderation/moderation-queue-page.tsx';
import { WordListPage } from './features/moderation/word-list-page.tsx';
import { NotFoundPage } from './features/not-found/not-found-page.tsx';
import { NotificationsPage } from './features/notifications/notifications-page.tsx';
import { AcceptInvitationPage } from './features/orgs/accept-invitation-page.tsx';
import { AuditPage } from './features/orgs/audit-page.tsx';
import { CreateOrganizationPage } from './features/orgs/create-organization-page.tsx';
import { MembersPage } from './features/orgs/members-page.tsx';
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
      children: [
        { index: true, element: <HomePage /> },
        { path: 'signup', element: <SignInRoute builtin={<SignupPage />} /> },
        { path: 'login', element: <SignInRoute builtin={<LoginPage />} /> },
        { path: 'auth/callback', element: <CognitoCallbackPage /> },
        { path: 'invitations/accept', element: <AcceptInvitationPage /> },
        {
          element: <RequireSession />,
          children: [
            { path: 'account', element: <AccountPage /> },
            { path: 'admin', element: <AdminPage /> },
            { path: 'orgs/new', element: <CreateOrganizationPage /> },
            { path: 'orgs/:orgId/members', element: <MembersPage /> },
            { path: 'orgs/:orgId/audit', element: <AuditPage /> },
            // Education pages load on first visit (with marked and DOMPurify), keeping the first bundle small.
            {
              path: 'education',
              lazy: async () => ({ Component: (await import('./features/education/catalog-page.tsx')).CatalogPage }),
            },
            {
              path: 'education/learning',
              lazy: async () => ({ Component: (await import('./features/education/learning-page.tsx')).LearningPage }),
            },
            {
              path: 'education/authoring',
              lazy: async () => ({
                Component: (await import('./features/education/authoring-page.tsx')).AuthoringPage,
              }),
            },
            {
              path: 'education/modules/:moduleId',
              lazy: async () => ({
                Component: (await import('./features/education/module-player-page.tsx')).ModulePlayerPage,
              }),
            },
            {
              path: 'education/modules/:moduleId/edit',
              lazy: async () => ({
                Component: (await import('./features/education/module-editor-page.tsx')).ModuleEditorPage,
              }),
            },
            // Loaded on first visit: the markdown renderer and sanitiser stay out of the main bundle.
            {
              path: 'community',
              lazy: () =>
                import('./features/community/community-feed-page.tsx').then((m) => ({
                  Component: m.CommunityFeedPage,
                })),
            },
            {
              path: 'community/posts/:postId',
              lazy: () => import('./features/community/post-page.tsx').then((m) => ({ Component: m.PostPage })),
            },
            {
              path: 'community/users/:userId',
              lazy: () => import('./features/community/profile-page.tsx').then((m) => ({ Component: m.ProfilePage })),
            },
            { path: 'notifications', element: <NotificationsPage /> },
            {
              path: 'ai',
              element: <AiPage />,
              children: [
                { index: true, element: <Navigate to="/ai/playground" replace /> },
                { path: 'playground', element: <PlaygroundPage /> },
                { path: 'usage', element: <UsagePage /> },
              ],
            },
            // The workbench loads on first visit: React Flow stays out of the main bundle.
            {
              path: 'workbench',
              lazy: () => import('./features/workbench/agents-page.tsx').then((m) => ({ Component: m.AgentsPage })),
            },
            {
              path: 'workbench/agents/:agentId',
              lazy: () => import('./features/workbench/builder-page.tsx').then((m) => ({ Component: m.BuilderPage })),
            },
            {
              path: 'workbench/agents/:agentId/runs',
              lazy: () => import('./features/workbench/run-pages.tsx').then((m) => ({ Component: m.AgentRunsPage })),
            },
            {
              path: 'workbench/runs/:runId',
              lazy: () => import('./features/workbench/run-pages.tsx').then((m) => ({ Component: m.RunPage })),
            },
            { path: 'moderation', element: <ModerationQueuePage /> },
            { path: 'moderation/words', element: <WordListPage /> },
            { path: 'moderation/items/:id', element: <ModerationItemPage /> },
          ],
        },
        ...comingSoon,
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
