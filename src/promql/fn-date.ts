// Date functions (year, month, day_of_month, day_of_week, day_of_year, days_in_month, hour, minute) in UTC
// from unix seconds truncated to whole seconds, as Prometheus's dateWrapper does.

const DATE_FUNCTIONS: Readonly<Record<string, (d: Date) => number>> = {
  year: (d) => d.getUTCFullYear(),
  month: (d) => d.getUTCMonth() + 1,
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
};

export function isDateFunction(name: string): boolean {
  return name in DATE_FUNCTIONS;
}

/** The date function of unix seconds; NaN when the time is outside what a JavaScript Date holds. */
export function dateFunction(name: string, unixSeconds: number): number {
  const seconds = Math.trunc(unixSeconds);
  const d = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || Number.isNaN(d.getTime())) return NaN;
  return (DATE_FUNCTIONS[name] as (d: Date) => number)(d);
}
