/** 0.1667 → "16.7%": rates are fractions in the API and percentages on the page. */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** An ISO instant as Beijing time, "2026-04-12 09:30". */
export function beijingTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
