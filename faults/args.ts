import { parseArgs } from 'node:util';

export interface RunArgs {
  seed: number;
  /** Whether the seed was given (a replay) or drawn for this run. */
  seedGiven: boolean;
  /** Probe names to run; empty: all. */
  only: string[];
  list: boolean;
}

export const USAGE =
  'npm run faults [-- --seed N] [--only probe[,probe…]] [--list]\n' +
  '  --seed N   replay a run: the same seed draws the same fuzzed inputs and fault schedules\n' +
  '  --only     run these probes only (names as in --list)\n' +
  '  --list     list the probes and exit';

/** Reads the runner's flags; a seed not given is drawn from the clock and printed, so any run can be replayed. */
export function readArgs(argv: readonly string[], now: number): RunArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { seed: { type: 'string' }, only: { type: 'string', multiple: true }, list: { type: 'boolean' } },
    strict: true,
  });
  const given = values.seed !== undefined;
  const seed = given ? Number(values.seed) : now % 1_000_000;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new Error(`--seed: expected a non-negative integer, got ${values.seed}`);
  const only = (values.only ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return { seed, seedGiven: given, only, list: values.list ?? false };
}
