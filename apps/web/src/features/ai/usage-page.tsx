/**
 * /ai/usage: the organisation's AI usage over a date range (this month by default): totals and cache
 * savings, tokens and spend per day against the monthly budget, breakdowns by model and by member, the
 * limits in force, and for owners and admins the form to change them. Members get a plain "ask an admin":
 * the API refuses them usage and limits (403), and a 403 arriving anyway (a role just changed) shows the same.
 */
import { useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { AskAnAdmin } from './ask-an-admin.tsx';
import { DailyChart } from './daily-chart.tsx';
import { LimitsForm } from './limits-form.tsx';
import { LimitsView } from './limits-view.tsx';
import { formatCount, formatUsd } from './money.ts';
import { type DayRange, daysOf, rangeProblem, rangeQuery, thisMonth } from './usage-range.ts';
import { UsageSummary } from './usage-summary.tsx';
import { UsageBreakdown } from './usage-tables.tsx';
import { useLimits, useMemberNames, useUsage } from './use-ai.ts';

const isForbidden = (error: unknown) => error instanceof ApiError && error.status === 403;

export function UsagePage() {
  const me = useMe();
  const [range, setRange] = useState<DayRange>(() => thisMonth(Date.now()));
  const permissions = new Set(me.data?.permissions ?? []);
  const canRead = permissions.has('ai:usage_read');
  const canEdit = permissions.has('ai:limits_update');
  const problem = rangeProblem(range);
  const query = rangeQuery(range);
  const byDay = useUsage(query, 'day', canRead && problem === null);
  const byModel = useUsage(query, 'model', canRead && problem === null);
  const byUser = useUsage(query, 'user', canRead && problem === null);
  const limits = useLimits(canRead);
  const names = useMemberNames(me.data?.activeOrganization?.id ?? null, canRead);

  if (me.isPending) return <LoadingState label="Loading…" />;
  if (me.isError) return <ErrorState title="Your account could not be loaded" error={me.error} />;
  if (!canRead || [byDay.error, limits.error].some(isForbidden)) return <AskAnAdmin />;

  const days = daysOf(range);
  const daily = new Map((byDay.data?.groups ?? []).map((group) => [group.key, group]));
  const tokenPoints = days.map((day) => {
    const group = daily.get(day);
    return { day, value: group ? group.inputTokens + group.outputTokens : 0 };
  });
  const spendPoints = days.map((day) => ({ day, value: daily.get(day)?.costMicroUsd ?? 0 }));
  const budget = byDay.data?.budget.limitMicroUsd ?? null;
  const userName = (key: string | null) => (key ? (names.data?.get(key) ?? key) : '(unknown)');

  return (
    <div className="usage-page">
      <form className="range-form" aria-label="Date range" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="usage-from">From</label>
          <input
            id="usage-from"
            type="date"
            value={range.from}
            onChange={(event) => setRange((r) => ({ ...r, from: event.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor="usage-to">To (inclusive)</label>
          <input
            id="usage-to"
            type="date"
            value={range.to}
            onChange={(event) => setRange((r) => ({ ...r, to: event.target.value }))}
          />
        </div>
        <button type="button" className="button-secondary" onClick={() => setRange(thisMonth(Date.now()))}>
          This month
        </button>
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <p className="muted">Days are UTC.</p>
      </form>

      {byDay.isPending && problem === null ? <LoadingState label="Loading usage…" /> : null}
      {byDay.isError ? (
        <ErrorState title="Usage could not be loaded" error={byDay.error} onRetry={() => byDay.refetch()} />
      ) : null}
      {byDay.data ? (
        <>
          <UsageSummary report={byDay.data} />
          <section className="card" aria-labelledby="daily-heading">
            <h2 id="daily-heading">Per day</h2>
            <DailyChart
              title="Spend per day"
              valueLabel="Spend"
              points={spendPoints}
              format={formatUsd}
              cumulative
              runningUntil={new Date().toISOString().slice(0, 10)}
              reference={budget === null ? null : { value: budget, label: 'monthly budget' }}
            />
            <DailyChart title="Tokens per day" valueLabel="Tokens" points={tokenPoints} format={formatCount} />
          </section>
        </>
      ) : null}
      {byModel.data ? (
        <UsageBreakdown
          title="By model"
          keyLabel="Model"
          groups={byModel.data.groups}
          nameOf={(key) => key ?? '(unknown)'}
          testId="usage-by-model"
        />
      ) : null}
      {byUser.data ? (
        <UsageBreakdown
          title="By member"
          keyLabel="Member"
          groups={byUser.data.groups}
          nameOf={userName}
          testId="usage-by-user"
        />
      ) : null}

      <section className="card" aria-labelledby="limits-heading">
        <h2 id="limits-heading">Limits</h2>
        {limits.isPending ? <LoadingState label="Loading limits…" /> : null}
        {limits.isError ? (
          <ErrorState title="The limits could not be loaded" error={limits.error} onRetry={() => limits.refetch()} />
        ) : null}
        {limits.data ? <LimitsView limits={limits.data} /> : null}
        {limits.data && canEdit ? <LimitsForm key={limits.data.organizationId} limits={limits.data} /> : null}
        {limits.data && !canEdit ? <p className="muted">Only owners and admins can change limits.</p> : null}
      </section>
    </div>
  );
}
