/** @unit milliseconds */
export const HOUR_MS = 3_600_000;
/** @unit milliseconds */
export const DAY_MS = 86_400_000;

/** Budgets and "today" are counted per UTC day, the same for every server. */
export function startOfUtcDay(at: number): number {
  const day = new Date(at);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
}
