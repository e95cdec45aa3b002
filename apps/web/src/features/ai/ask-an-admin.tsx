/** What a member sees instead of usage and limits: the API keeps them for owners and admins. */
export function AskAnAdmin() {
  return (
    <div className="notice-panel" role="note" data-testid="ask-an-admin">
      <p>
        <strong>Usage and limits are visible to owners and admins of this organisation.</strong>
      </p>
      <p>Ask an admin if you need to know how much has been used, or need a limit changed.</p>
    </div>
  );
}
