/** The mark on everything the offline model produced: its text is deterministic filler, not a model's answer. */
export const offlineLabelText = 'offline — deterministic, not a real model';

export function OfflineLabel() {
  return <span className="offline-label">{offlineLabelText}</span>;
}
