/**
 * Every route the API serves, as groups of route files: the one list app.ts mounts, in this order.
 *
 * Each group is loaded with `import()`, so the Lambda bundle keeps it in a chunk of its own (with the
 * zod schemas only it uses) that Node reads and evaluates when the group is first needed. The Node
 * server loads them all at start (`routes: 'eager'`); the API Lambda (`routes: 'lazy'`) loads the
 * `atStart` groups during init and every other group just before the first request whose path starts
 * with one of its `prefixes` (app.ts). So `prefixes` must cover every path the group's routes
 * register: route-groups.test.ts mounts each group alone and fails on a route outside them, and checks
 * that the lazy app ends up serving exactly the eager app's routes.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from './app.ts';
import type { AppEnv } from './http/app-env.ts';

/** Registers a loaded group's routes on the app (synchronously, so concurrent loads mount once). */
export type MountRoutes = (app: OpenAPIHono<AppEnv>, deps: AppDeps) => void;

export interface RouteGroup {
  name: string;
  /** Path prefixes of every route in the group (a prefix matches itself and anything below `prefix/`). */
  prefixes: readonly string[];
  /** Loaded during the Lambda's init too: the probes answer without loading anything first. */
  atStart?: boolean;
  load(): Promise<MountRoutes>;
}

const mountAt = (app: OpenAPIHono<AppEnv>, routes: OpenAPIHono<AppEnv>) => {
  app.route('/', routes);
};

export const routeGroups: readonly RouteGroup[] = [
  {
    name: 'health',
    prefixes: ['/api/health', '/api/ready'],
    atStart: true,
    load: async () => {
      const { healthRoutes } = await import('./routes/health.ts');
      return (app, { itemStore, clock, logger }) => mountAt(app, healthRoutes({ itemStore, clock, logger }));
    },
  },
  {
    name: 'platform',
    prefixes: ['/api/platform'],
    load: async () => {
      const { platformRoutes } = await import('./routes/platform.ts');
      return (app, { itemStore }) => mountAt(app, platformRoutes({ itemStore }));
    },
  },
  {
    name: 'auth',
    prefixes: ['/api/auth', '/.well-known/jwks.json'],
    load: async () => {
      const [{ authConfigRoutes }, { authRoutes }, { jwksRoutes }] = await Promise.all([
        import('./routes/auth-config.ts'),
        import('./routes/auth.ts'),
        import('./routes/jwks.ts'),
      ]);
      return (app, { config, identity }) => {
        mountAt(app, authConfigRoutes({ auth: config.auth }));
        // The password routes and our JWKS exist only with the built-in provider; with Cognito they answer 404.
        if (config.auth.mode !== 'builtin') return;
        mountAt(app, authRoutes({ identity, trustProxy: config.http.trustProxy }));
        mountAt(app, jwksRoutes({ identity }));
      };
    },
  },
  {
    name: 'identity',
    prefixes: ['/api/me', '/api/auth/me', '/api/orgs', '/api/invitations'],
    load: async () => {
      const [{ meRoutes }, { orgRoutes }, { memberRoutes }, { invitationRoutes }, { auditRoutes }] = await Promise.all([
        import('./routes/me.ts'),
        import('./routes/orgs.ts'),
        import('./routes/members.ts'),
        import('./routes/invitations.ts'),
        import('./routes/audit.ts'),
      ]);
      return (app, { config, identity }) => {
        mountAt(app, meRoutes({ identity, passwordRoutes: config.auth.mode === 'builtin' }));
        mountAt(app, orgRoutes({ identity }));
        mountAt(app, memberRoutes({ identity }));
        mountAt(app, invitationRoutes({ identity }));
        mountAt(app, auditRoutes({ identity }));
      };
    },
  },
  {
    name: 'notifications',
    prefixes: ['/api/notifications'],
    load: async () => {
      const { notificationRoutes } = await import('./routes/notifications.ts');
      return (app, { notifications }) => mountAt(app, notificationRoutes({ notifications }));
    },
  },
  {
    name: 'community',
    prefixes: ['/api/community'],
    load: async () => {
      const { communityRoutes } = await import('./routes/community.ts');
      return (app, { community, logger }) => mountAt(app, communityRoutes({ community, logger }));
    },
  },
  {
    name: 'admin',
    prefixes: ['/api/admin'],
    load: async () => {
      const { adminRoutes } = await import('./routes/admin.ts');
      return (app, { identity, ai }) => mountAt(app, adminRoutes({ identity, ai }));
    },
  },
  {
    name: 'ai',
    prefixes: ['/api/ai'],
    load: async () => {
      const { aiRoutes } = await import('./routes/ai.ts');
      return (app, { ai, logger }) => mountAt(app, aiRoutes({ ai, logger }));
    },
  },
  {
    name: 'workbench',
    prefixes: ['/api/agents', '/api/runs', '/api/hooks'],
    load: async () => {
      const [{ agentRoutes }, { runRoutes }, { hookRoutes }] = await Promise.all([
        import('./routes/agents.ts'),
        import('./routes/runs.ts'),
        import('./routes/hooks.ts'),
      ]);
      return (app, { workbench, logger }) => {
        mountAt(app, agentRoutes({ workbench }));
        mountAt(app, runRoutes({ workbench, logger }));
        mountAt(app, hookRoutes({ workbench }));
      };
    },
  },
  {
    name: 'education',
    prefixes: ['/api/education'],
    load: async () => {
      const { educationRoutes } = await import('./routes/education.ts');
      return (app, { education }) => mountAt(app, educationRoutes({ education }));
    },
  },
  {
    name: 'moderation',
    prefixes: ['/api/community'],
    load: async () => {
      const { communityModerationRoutes } = await import('./routes/community-moderation.ts');
      return (app, { moderation }) => mountAt(app, communityModerationRoutes({ moderation }));
    },
  },
  {
    name: 'uploads',
    prefixes: ['/api/community/attachments', '/api/education/modules', '/api/education/uploads', '/api/blobs'],
    load: async () => {
      const [{ uploadRoutes }, { blobRoutes }] = await Promise.all([
        import('./routes/uploads.ts'),
        import('./routes/blobs.ts'),
      ]);
      return (app, { uploads, localBlobs }) => {
        mountAt(app, uploadRoutes({ uploads }));
        // The local blob store's signed URLs; with S3 the browser talks to S3.
        if (localBlobs) mountAt(app, blobRoutes({ localBlobs }));
      };
    },
  },
];

/** Whether `path` is one of the prefixes or lies below one. */
export function underPrefixes(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export interface RouteMounter {
  /** Every group not mounted yet (the eager app at start; the OpenAPI document before it is built). */
  mountAll(): Promise<void>;
  /** The `atStart` groups (the lazy app's init). */
  mountAtStart(): Promise<void>;
  /**
   * Mounts the groups a request to `path` may need (every one with a prefix above it); undefined when
   * they are all mounted already, so the request goes on without waiting for a promise.
   */
  mountFor(path: string): Promise<void> | undefined;
}

/**
 * Loads and mounts groups at most once each, in table order. A failed `import()` (only a broken
 * deployment) is retried by the next request that needs the group.
 */
export function createRouteMounter(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  groups: readonly RouteGroup[] = routeGroups,
): RouteMounter {
  const mounted = new Set<RouteGroup>();
  const loading = new Map<RouteGroup, Promise<MountRoutes>>();
  const load = (group: RouteGroup) => {
    let pending = loading.get(group);
    if (!pending) {
      pending = group.load();
      pending.catch(() => loading.delete(group));
      loading.set(group, pending);
    }
    return pending;
  };
  async function mount(selected: readonly RouteGroup[]): Promise<void> {
    const wanted = selected.filter((group) => !mounted.has(group));
    if (wanted.length === 0) return;
    const loaded = await Promise.all(wanted.map(load));
    // Requests waiting on the same group resume one after the other: the first one mounts it.
    wanted.forEach((group, i) => {
      if (mounted.has(group)) return;
      mounted.add(group);
      loaded[i]!(app, deps);
    });
  }
  return {
    mountAll: () => mount(groups),
    mountAtStart: () => mount(groups.filter((group) => group.atStart)),
    mountFor: (path) => {
      if (mounted.size === groups.length) return undefined;
      const wanted = groups.filter((group) => !mounted.has(group) && underPrefixes(path, group.prefixes));
      return wanted.length === 0 ? undefined : mount(wanted);
    },
  };
}
