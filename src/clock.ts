/** Time comes from here, never from Date.now() in services, so tests can move it (tokens, budgets, cooldowns). */
export interface Clock {
  now(): number;
}

export function createSystemClock(): Clock {
  return { now: () => Date.now() };
}

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export function createManualClock(start = Date.now()): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

/** Real time plus an offset tests can jump forward, so the emulator and the bot cross 15 minutes in milliseconds. */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
}

export function createAdjustableClock(): AdjustableClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
