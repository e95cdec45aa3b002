/**
 * The agent's webhook trigger URL. The API stores only a hash of the secret, so the URL can be shown only
 * when the secret is new: right after the agent was created, or after "Rotate secret" (which also makes
 * the old URL stop working at once).
 */
import type { Agent } from '@diatonic/api-schemas';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { rotateWebhookSecret, webhookUrl } from '../../api/workbench-api.ts';
import { workbenchErrorMessage } from './graph-issues.ts';

interface WebhookPanelProps {
  agentId: string;
  initialSecret: string | null;
  /** Rotating changes the agent (and so its draft version). */
  onRotated(agent: Agent): void;
}

export function WebhookPanel({ agentId, initialSecret, onRotated }: WebhookPanelProps) {
  const [secret, setSecret] = useState(initialSecret);
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation({
    mutationFn: () => rotateWebhookSecret(agentId),
    onSuccess: (agent) => {
      setSecret(agent.webhookSecret ?? null);
      onRotated(agent);
      setConfirming(false);
    },
  });
  return (
    <details className="wb-webhook">
      <summary>Webhook trigger</summary>
      <p className="muted">
        POST JSON to this URL to start a run with the body as input; add <code>?wait=5000</code> to get the result in
        the answer. The run starts from the graph's webhook triggers (from its first trigger when it has none).
      </p>
      {secret ? (
        <div className="field">
          <label htmlFor="wb-webhook-url">Webhook URL (shown once; copy it now)</label>
          <input id="wb-webhook-url" readOnly value={webhookUrl(window.location.origin, agentId, secret)} />
        </div>
      ) : (
        <p>The URL contains a secret shown only once. Rotate the secret to see a new URL.</p>
      )}
      {confirming ? (
        <div className="confirm">
          <span>The current URL stops working at once.</span>
          <button type="button" className="button-danger" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
            Rotate now
          </button>
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
          Rotate secret
        </button>
      )}
      {rotate.isError ? (
        <p className="field-error" role="alert">
          {workbenchErrorMessage(rotate.error)}
        </p>
      ) : null}
    </details>
  );
}
