/** The audit log's entries for one filter, page by page, newest first. */
import type { AuditEntry } from '@diatonic/api-schemas';
import type { AuditFilter } from '../../api/orgs-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { isLostAccess } from './lost-access.ts';
import { NoAccessNotice } from './no-access-notice.tsx';
import { useAuditLog } from './use-members.ts';

interface AuditTableProps {
  orgId: string;
  filter: AuditFilter;
  /** Names of the members loaded so far; anyone else (a former member) shows by id. */
  memberNames: ReadonlyMap<string, string>;
  onPickAction: (action: string) => void;
}

const outcomeLabels: Record<AuditEntry['outcome'], string> = {
  success: 'Succeeded',
  failure: 'Failed',
  denied: 'Refused',
};

/** A failure's error code (`details.errorCode`), when the entry has one. */
function errorCodeOf(entry: AuditEntry): string | undefined {
  const code = entry.details?.errorCode;
  return typeof code === 'string' ? code : undefined;
}

export function AuditTable({ orgId, filter, memberNames, onPickAction }: AuditTableProps) {
  const audit = useAuditLog(orgId, filter, true);
  if (audit.isPending) return <LoadingState label="Loading the audit log…" />;
  if (audit.isError && isLostAccess(audit.error)) return <NoAccessNotice orgId={orgId} />;
  if (audit.isError) {
    return <ErrorState title="The audit log could not be loaded" error={audit.error} onRetry={() => audit.refetch()} />;
  }
  const entries = audit.data.pages.flatMap((page) => page.items);
  return (
    <>
      {entries.length === 0 && !audit.hasNextPage ? (
        <p className="muted">
          {filter.actorId || filter.action ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table audit-table" data-testid="audit-table">
            <caption className="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Outcome</th>
                <th scope="col">Request id</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const errorCode = errorCodeOf(entry);
                return (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
                    </td>
                    <td>{memberNames.get(entry.actorId) ?? <code>{entry.actorId}</code>}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        title="Show only this action"
                        onClick={() => onPickAction(entry.action)}
                      >
                        <code>{entry.action}</code>
                      </button>
                    </td>
                    <td>
                      {entry.target ? (
                        <>
                          {entry.target.type} <code>{entry.target.id}</code>
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className={`audit-outcome audit-outcome-${entry.outcome}`}>
                      {outcomeLabels[entry.outcome]}
                      {errorCode ? <code> {errorCode}</code> : null}
                    </td>
                    <td>{entry.requestId ? <code>{entry.requestId}</code> : <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage ? (
        <button type="button" onClick={() => audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
          {audit.isFetchingNextPage ? 'Loading more…' : 'Show older entries'}
        </button>
      ) : null}
    </>
  );
}
