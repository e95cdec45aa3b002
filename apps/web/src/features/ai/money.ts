/**
 * Money on the wire is integer micro-USD (1 USD = 1 000 000); people read and type dollars. Conversions go
 * through strings, so "0.000001" is exactly 1 micro-USD and never a float's neighbour.
 */

const microPerUsd = 1_000_000;

/** "$1.25"; amounts under a cent keep their micro-dollars ("$0.000027") so small calls do not show as free. */
export function formatUsd(microUsd: number): string {
  const sign = microUsd < 0 ? '-' : '';
  const abs = Math.abs(microUsd);
  const whole = Math.floor(abs / microPerUsd);
  const fraction = String(abs % microPerUsd).padStart(6, '0');
  if (abs !== 0 && abs < 10_000) return `${sign}$0.${fraction}`;
  const cents = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${sign}$${whole.toLocaleString('en-US')}.${cents}`;
}

/** Dollars as typed ("12", "0.5", "0.000001") to micro-USD; null when it is not a non-negative amount with ≤ 6 decimals. */
export function dollarsToMicroUsd(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * microPerUsd + Number((match[2] ?? '').padEnd(6, '0'));
}

/** Micro-USD to the dollars shown in an input ("0.000001", "1", "2.5"). */
export function microUsdToDollars(microUsd: number): string {
  const whole = Math.floor(microUsd / microPerUsd);
  const fraction = String(microUsd % microPerUsd)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** A limit for reading: null means no limit. */
export function formatLimit(value: number | null, unit: 'count' | 'usd'): string {
  if (value === null) return 'unlimited';
  return unit === 'usd' ? formatUsd(value) : formatCount(value);
}
