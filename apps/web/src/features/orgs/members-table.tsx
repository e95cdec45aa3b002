/** The organisation's members, page by page, each row with the controls the caller may use. */
import type { OrgRole } from '@diatonic/api-schemas';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { isLostAccess } from './lost-access.ts';
import { MemberRow } from './member-row.tsx';
import { NoAccessNotice } from './no-access-notice.tsx';
import { useMembers } from './use-members.ts';

interface MembersTableProps {
  orgId: string;
  myUserId: string;
  assignable: readonly OrgRole[];
  canRemove: boolean;
  onLeft: () => void;
}

export function MembersTable({ orgId, myUserId, assignable, canRemove, onLeft }: MembersTableProps) {
  const members = useMembers(orgId);
  if (members.isPending) return <LoadingState label="Loading members…" />;
  // Removed while looking at the page: the next refetch is refused.
  if (members.isError && isLostAccess(members.error)) return <NoAccessNotice orgId={orgId} />;
  if (members.isError) {
    return <ErrorState title="Members could not be loaded" error={members.error} onRetry={() => members.refetch()} />;
  }
  const items = members.data.pages.flatMap((page) => page.items);
  return (
    <>
      <table className="table" data-testid="members-table">
        <caption className="visually-hidden">Members</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((member) => (
            <MemberRow
              key={`${member.userId}:${member.role}`}
              orgId={orgId}
              member={member}
              isMe={member.userId === myUserId}
              assignable={assignable}
              canRemove={canRemove}
              onLeft={onLeft}
            />
          ))}
        </tbody>
      </table>
      {members.hasNextPage ? (
        <button type="button" onClick={() => members.fetchNextPage()} disabled={members.isFetchingNextPage}>
          {members.isFetchingNextPage ? 'Loading more…' : 'Show more members'}
        </button>
      ) : null}
    </>
  );
}
