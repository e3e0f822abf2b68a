import type { Clock } from './clock.js';

/** Discord's epoch (2015-01-01T00:00:00Z); snowflakes count milliseconds from here. */
export const DISCORD_EPOCH = 1_420_070_400_000;

export interface SnowflakeMinter {
  /** A new id for the current clock time; ids are unique and increase within one minter. */
  next(): string;
  /** The clock time an id was minted at, as discord.js's `createdTimestamp` computes it. */
  timestampOf(id: string): number;
}

/**
 * Ids carry the clock's time because discord.js and the bot derive `createdTimestamp` (and so the 15 minute token
 * deadline) from them: a test that moves the clock must see ids that agree with it.
 */
export function createSnowflakeMinter(clock: Clock): SnowflakeMinter {
  let increment = 0;
  let lastMs = DISCORD_EPOCH;
  return {
    next() {
      // Never go backwards, and spill into the next millisecond after 4096 ids so ids stay unique and ordered.
      let ms = Math.max(clock.now(), lastMs);
      if (ms === lastMs) {
        increment += 1;
        if (increment > 0xfff) {
          ms += 1;
          increment = 0;
        }
      } else {
        increment = 0;
      }
      lastMs = ms;
      return ((BigInt(ms - DISCORD_EPOCH) << 22n) | BigInt(increment)).toString();
    },
    timestampOf(id) {
      return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
    },
  };
}

/** The snowflake of a given clock time (ms since 1970) and increment, as Discord lays the bits out. */
export function snowflakeAt(ms: number, increment = 0): string {
  return ((BigInt(Math.max(0, ms - DISCORD_EPOCH)) << 22n) | BigInt(increment & 0xfff)).toString();
}
