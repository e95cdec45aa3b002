/** Usage broken down by one key (model or user) as a table, with a bar showing each row's share of the spend. */
import type { AiUsageReport } from '@diatonic/api-schemas';
import { formatCount, formatUsd } from './money.ts';

type Group = AiUsageReport['groups'][number];

interface UsageBreakdownProps {
  title: string;
  keyLabel: string;
  groups: readonly Group[];
  nameOf(key: string | null): string;
  testId: string;
}

export function UsageBreakdown({ title, keyLabel, groups, nameOf, testId }: UsageBreakdownProps) {
  const sorted = [...groups].sort((a, b) => b.costMicroUsd - a.costMicroUsd || b.requests - a.requests);
  const topCost = Math.max(1, ...sorted.map((group) => group.costMicroUsd));
  return (
    <section className="card" aria-labelledby={`${testId}-heading`}>
      <h2 id={`${testId}-heading`}>{title}</h2>
      {sorted.length === 0 ? (
        <p className="muted">No calls in this range.</p>
      ) : (
        <div className="table-scroll">
          <table className="table usage-table" data-testid={testId}>
            <thead>
              <tr>
                <th scope="col">{keyLabel}</th>
                <th scope="col">Calls</th>
                <th scope="col">Cached</th>
                <th scope="col">Refused / failed</th>
                <th scope="col">Tokens in</th>
                <th scope="col">Tokens out</th>
                <th scope="col">Spend</th>
                <th scope="col">Saved by cache</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((group) => (
                <tr key={group.key ?? '(none)'}>
                  <th scope="row">{nameOf(group.key)}</th>
                  <td>{formatCount(group.requests)}</td>
                  <td>{formatCount(group.cachedRequests)}</td>
                  <td>
                    {formatCount(group.refusedRequests)} / {formatCount(group.failedRequests)}
                  </td>
                  <td>{formatCount(group.inputTokens)}</td>
                  <td>{formatCount(group.outputTokens)}</td>
                  <td>
                    <span className="share-bar" aria-hidden="true">
                      <span style={{ width: `${(group.costMicroUsd / topCost) * 100}%` }} />
                    </span>
                    {formatUsd(group.costMicroUsd)}
                  </td>
                  <td>{formatUsd(group.savedMicroUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
