import type { Outputs } from './harness/outputs.js';
import type { Random } from './prng.js';

/** What every probe is handed: its own random stream, where to report what the bot printed, and a deadline helper. */
export interface ProbeContext {
  seed: number;
  random: Random;
  outputs: Outputs;
  /** Progress lines for the operator (never secrets: everything printed is scanned too). */
  say(line: string): void;
  /** Undoes a change to the machine (chattr, mount) at the probe's end, even when the run is interrupted. */
  defer(cleanup: () => Promise<void> | void): void;
}

export interface ProbeResult {
  /** Inputs or faults tried. */
  tried: number;
  /** Of those, how many the bot handled as the invariants demand. */
  handled: number;
  /** Of those, how many broke an invariant. */
  failed: number;
  /** A short figure or remark for the table. */
  note: string;
  /** Up to a few concrete failures, to replay and debug. */
  problems: string[];
  /** The probe could not run here (and says why); it neither passes nor fails. */
  skipped?: boolean;
}

export interface Probe {
  name: string;
  /** One line: what it does to the bot. */
  summary: string;
  run(ctx: ProbeContext): Promise<ProbeResult>;
}

/** Counts tried / handled / failed and keeps the first few problems, so a probe reads as a list of checks. */
export interface Tally {
  /** One input or fault: handled when `problem` is undefined. */
  check(problem: string | undefined): void;
  /** An invariant over the whole probe: it adds a failure when broken, nothing to `tried` otherwise. */
  invariant(problem: string | undefined): void;
  result(note: string): ProbeResult;
}

const MAX_PROBLEMS = 12;

export function createTally(): Tally {
  let tried = 0;
  let handled = 0;
  let failed = 0;
  const problems: string[] = [];
  const note = (problem: string) => {
    failed++;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  return {
    check(problem) {
      tried++;
      if (problem === undefined) handled++;
      else note(problem);
    },
    invariant(problem) {
      if (problem !== undefined) note(problem);
    },
    result: (text) => ({ tried, handled, failed, note: text, problems }),
  };
}

/** A probe that threw: counted as one failure with its message. */
export function crashed(error: unknown): ProbeResult {
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  return { tried: 0, handled: 0, failed: 1, note: 'probe crashed', problems: [message.slice(0, 2000)] };
}
