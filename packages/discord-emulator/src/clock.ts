/** The emulator's notion of time: Discord's 3 s and 15 min rules are checked against it, so tests can jump it. */
export interface Clock {
  now(): number;
}

/** Real time plus an offset that tests (or the playground's clock button) jump forward. */
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
