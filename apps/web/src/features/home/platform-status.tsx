/** The platform's status as the API reports it: loading, failure, or the platform record. Nothing is made up. */
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useHealth, usePlatform } from './use-platform-status.ts';

export function PlatformStatus() {
  const health = useHealth();
  const platform = usePlatform();

  if (health.isPending || platform.isPending) return <LoadingState label="Loading platform status…" />;
  if (health.isError) {
    return <ErrorState title="The API is not responding" error={health.error} onRetry={() => health.refetch()} />;
  }
  if (platform.isError) {
    return <ErrorState title="Platform status unavailable" error={platform.error} onRetry={() => platform.refetch()} />;
  }

  const { name, instanceId, schemaVersion, seededAt, demoData } = platform.data;
  return (
    <dl className="status-list" data-testid="platform-status">
      <div>
        <dt>API</dt>
        <dd>
          <span className="status-ok">{health.data.status}</span> · up {formatUptime(health.data.uptimeSeconds)}
        </dd>
      </div>
      <div>
        <dt>Platform</dt>
        <dd>{name}</dd>
      </div>
      <div>
        <dt>Instance</dt>
        <dd>
          <code>{instanceId}</code>
        </dd>
      </div>
      <div>
        <dt>Schema version</dt>
        <dd>{schemaVersion}</dd>
      </div>
      <div>
        <dt>Seeded</dt>
        <dd>
          <time dateTime={seededAt}>{new Date(seededAt).toLocaleString()}</time>
        </dd>
      </div>
      <div>
        <dt>Demo data</dt>
        <dd>{demoData ? 'loaded' : 'none'}</dd>
      </div>
    </dl>
  );
}

function formatUptime(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}
