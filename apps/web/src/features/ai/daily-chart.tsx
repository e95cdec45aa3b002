/**
 * A hand-drawn SVG bar chart of one value per day. Optionally a running total drawn as a line and a
 * horizontal reference (the monthly budget) as a dashed line. The SVG carries a <title> and <desc> for
 * screen readers, and the same numbers are available as a table below it.
 */
import { useId } from 'react';

export interface DailyPoint {
  day: string;
  value: number;
}

interface DailyChartProps {
  title: string;
  points: readonly DailyPoint[];
  format(value: number): string;
  /** Draw the running total as a line (spend towards the budget). */
  cumulative?: boolean;
  /** A dashed horizontal line, e.g. the monthly budget. */
  reference?: { value: number; label: string } | null;
  /** The table's column heading for the value. */
  valueLabel: string;
  /** The running total stops at this day (today): days still to come have spent nothing yet. */
  runningUntil?: string;
}

const width = 640;
const height = 220;
const margin = { top: 16, right: 16, bottom: 28, left: 72 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

export function DailyChart({
  title,
  points,
  format,
  cumulative = false,
  reference = null,
  valueLabel,
  runningUntil,
}: DailyChartProps) {
  const id = useId();
  const running = runningTotals(points);
  const total = running.at(-1) ?? 0;
  const top = Math.max(
    1,
    ...points.map((point) => point.value),
    cumulative ? total : 0,
    reference ? reference.value : 0,
  );
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / Math.max(points.length, 1);
  const barWidth = Math.max(1, slot * 0.7);
  const labelEvery = Math.ceil(points.length / 8);
  const summary = `${points.length} days from ${points[0]?.day ?? '–'} to ${points.at(-1)?.day ?? '–'}; total ${format(total)}${
    reference ? `; ${reference.label} ${format(reference.value)}` : ''
  }.`;

  return (
    <figure className="daily-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction} className="chart-grid">
            <line x1={margin.left} x2={width - margin.right} y1={y(top * fraction)} y2={y(top * fraction)} />
            <text x={margin.left - 6} y={y(top * fraction) + 4} textAnchor="end">
              {format(Math.round(top * fraction))}
            </text>
          </g>
        ))}
        {points.map((point, index) => (
          <g key={point.day}>
            <rect
              className="chart-bar"
              x={margin.left + index * slot + (slot - barWidth) / 2}
              y={y(point.value)}
              width={barWidth}
              height={Math.max(0, margin.top + plotHeight - y(point.value))}
            >
              <title>{`${point.day}: ${format(point.value)}`}</title>
            </rect>
            {index % labelEvery === 0 ? (
              <text className="chart-axis" x={margin.left + index * slot + slot / 2} y={height - 8} textAnchor="middle">
                {point.day.slice(5)}
              </text>
            ) : null}
          </g>
        ))}
        {cumulative && points.length > 0 ? (
          <polyline
            className="chart-running"
            points={running
              .filter((_, index) => runningUntil === undefined || (points[index]?.day ?? '') <= runningUntil)
              .map((value, index) => `${margin.left + index * slot + slot / 2},${y(value)}`)
              .join(' ')}
          />
        ) : null}
        {reference ? (
          <g className="chart-reference">
            <line x1={margin.left} x2={width - margin.right} y1={y(reference.value)} y2={y(reference.value)} />
            <text x={width - margin.right} y={y(reference.value) - 4} textAnchor="end">
              {`${reference.label} ${format(reference.value)}`}
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption>
        {title}
        {cumulative ? ' — bars per day, line the running total' : ''}
        {reference ? `, dashed line the ${reference.label}` : ''}
      </figcaption>
      <details>
        <summary>Show as a table</summary>
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{valueLabel}</th>
              {cumulative ? <th scope="col">Running total</th> : null}
            </tr>
          </thead>
          <tbody>
            {points.map((point, index) => (
              <tr key={point.day}>
                <th scope="row">{point.day}</th>
                <td>{format(point.value)}</td>
                {cumulative ? <td>{format(running[index] ?? 0)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function runningTotals(points: readonly DailyPoint[]): number[] {
  let sum = 0;
  return points.map((point) => {
    sum += point.value;
    return sum;
  });
}
