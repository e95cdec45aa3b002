/**
 * The accept link of a new invitation. The platform sends no e-mail, so the inviter copies this link and
 * passes it on; it is shown once (the server keeps only its hash).
 */
import { useId, useState } from 'react';

export function InviteLink({ email, acceptPath }: { email: string; acceptPath: string }) {
  const id = useId();
  const url = new URL(acceptPath, window.location.origin).toString();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopyState('copied');
    } catch {
      // No clipboard permission (or an insecure context): the link is selectable in the field.
      setCopyState('failed');
    }
  };

  return (
    <div className="invite-link">
      <label htmlFor={id}>Accept link for {email}</label>
      <div className="inline-form">
        <input id={id} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" onClick={copy}>
          Copy link
        </button>
      </div>
      <p className="field-hint" role="status">
        {copyState === 'copied'
          ? 'Copied. Send it to the person you invited.'
          : copyState === 'failed'
            ? 'Copying failed; select the link and copy it yourself.'
            : 'This link is shown only now. It works once, for this e-mail address, for 7 days.'}
      </p>
    </div>
  );
}
