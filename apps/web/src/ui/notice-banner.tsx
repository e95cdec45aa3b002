/** Shows the page-wide notice as a polite live region, with a button to dismiss it. */
import { useSyncExternalStore } from 'react';
import { noticeStore } from './notice-store.ts';

export function NoticeBanner() {
  const notice = useSyncExternalStore(noticeStore.subscribe, noticeStore.get);
  return (
    <div role="status" aria-live="polite" className={notice ? 'notice' : 'notice notice-empty'}>
      {notice ? (
        <>
          <p>{notice}</p>
          <button type="button" className="button-secondary" onClick={() => noticeStore.show(null)}>
            Dismiss
          </button>
        </>
      ) : null}
    </div>
  );
}
