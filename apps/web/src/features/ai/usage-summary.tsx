/** The range's totals and this month's budget at a glance. */
import type { AiUsageReport } from '@diatonic/api-schemas';
import { formatCount, formatLimit, formatUsd } from './money.ts';

export function UsageSummary({ report }: { report: AiUsageReport }) {
  const { totals, budget } = report;
  return (
    <dl className="usage-summary" data-testid="usage-summary">
      <div>
        <dt>Calls</dt>
        <dd>{formatCount(totals.requests)}</dd>
      </div>
      <div>
        <dt>Tokens (in / out)</dt>
        <dd>
          {formatCount(totals.inputTokens)} / {formatCount(totals.outputTokens)}
        </dd>
      </div>
      <div>
        <dt>Spend</dt>
        <dd>{formatUsd(totals.costMicroUsd)}</dd>
      </div>
      <div>
        <dt>Cache savings</dt>
        <dd>
          {formatUsd(totals.savedMicroUsd)} ({formatCount(totals.cachedRequests)} cached calls)
        </dd>
      </div>
      <div>
        <dt>Budget {budget.month}</dt>
        <dd>
          {formatUsd(budget.usedMicroUsd)} of {formatLimit(budget.limitMicroUsd, 'usd')}
          {budget.remainingMicroUsd === null ? '' : ` (${formatUsd(budget.remainingMicroUsd)} left)`}
        </dd>
      </div>
    </dl>
  );
}
