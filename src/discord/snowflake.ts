/** Discord's epoch (2015-01-01) in Unix ms; snowflakes count from it. */
const DISCORD_EPOCH = 1_420_070_400_000n;

export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Interaction tokens die 15 minutes after the interaction was created. @unit milliseconds */
export const TOKEN_LIFETIME_MS = 15 * 60_000;
