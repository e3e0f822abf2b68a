/** Credits are halves at most (2.5, 6.5), so one decimal shows every price exactly. */
export function formatCredits(credits: number): string {
  return `${formatAmount(credits)} credit${credits === 1 ? '' : 's'}`;
}

/** A credit amount without its unit. */
export function formatAmount(credits: number): string {
  return Number.isInteger(credits) ? String(credits) : credits.toFixed(1);
}

/** A charge nobody can know (the call may have run): shown as the estimate, and said so. */
export function formatCharge(credits: number, estimated: boolean): string {
  return estimated ? `${formatCredits(credits)} (estimated — may have been charged)` : formatCredits(credits);
}
