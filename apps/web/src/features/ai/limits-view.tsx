/** The limits enforced now, next to what the plan grants, for everyone who may read them. */
import type { AiLimits } from '@diatonic/api-schemas';
import { orgLimitFields, userLimitFields } from './limit-fields.ts';
import { formatLimit } from './money.ts';

export function LimitsView({ limits }: { limits: AiLimits }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="limits-table">
        <caption className="visually-hidden">Current AI limits</caption>
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col">Enforced now</th>
            <th scope="col">Plan allowance</th>
          </tr>
        </thead>
        <tbody>
          {orgLimitFields.map((field) => (
            <tr key={field.path}>
              <th scope="row">{field.label}</th>
              <td>{formatLimit(limits.effective[field.name], field.unit)}</td>
              <td>{formatLimit(limits.maximum[field.name], field.unit)}</td>
            </tr>
          ))}
          {userLimitFields.map((field) => (
            <tr key={field.path}>
              <th scope="row">{field.label}</th>
              <td>{formatLimit(limits.perUser[field.name], field.unit)}</td>
              <td>—</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Alert webhook</th>
            <td>{limits.alertWebhookUrl ?? 'none'}</td>
            <td>—</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
