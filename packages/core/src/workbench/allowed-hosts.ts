/**
 * The agent's host allow-list for `http` nodes (issue 7): when set, every `http` node of the agent may
 * reach only these hosts, on top of each node's own `data.allowedHosts` (a target must match every
 * list in force; see nodes/http/url-policy.ts). Entries: `api.example.com`, `*.example.com`, with an
 * optional `:port` for a port other than 80/443. Null (the default) leaves the nodes' own lists.
 * A run keeps the list its agent had when it was created.
 */
import { AppError } from '../shared/errors.ts';
import { httpNodeLimits } from './nodes/http/http-config.ts';
import { isValidHostEntry } from './nodes/http/url-policy.ts';

export function checkAllowedHosts(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length > httpNodeLimits.maxAllowedHosts) {
    throw AppError.invalidInput(`allowedHosts must be a list of at most ${httpNodeLimits.maxAllowedHosts} host names`, {
      field: 'allowedHosts',
    });
  }
  return value.map((entry, index) => {
    if (typeof entry !== 'string' || entry.length > 260 || !isValidHostEntry(entry)) {
      throw AppError.invalidInput(
        `allowedHosts[${index}]: "${String(entry)}" is not a host name (examples: api.example.com, *.example.com:8443)`,
        { field: `allowedHosts[${index}]` },
      );
    }
    return entry.trim().toLowerCase();
  });
}
