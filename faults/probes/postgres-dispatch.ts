import type { Probe } from '../probe.js';

/**
 * The slot for the multi-process PostgreSQL run: several bot processes on one database, kill -9 of the one that
 * dispatches, and its lock connection lost. It belongs to the scale-out work (src/pipeline, src/app), which owns
 * how processes elect a dispatcher; it plugs in here as a `Probe` with the same invariants (faults/invariants/), and
 * reads the store through a PostgreSQL `Kysely<DB>` instead of `readStore`. Until then it reports itself skipped.
 */
export const postgresDispatch: Probe = {
  name: 'postgres-dispatch',
  summary: 'several processes on PostgreSQL: kill -9 of the dispatcher, lost lock connection (scale-out’s slot)',
  async run() {
    return {
      tried: 0,
      handled: 0,
      failed: 0,
      note: 'slot for the scale-out engineer (multi-process PostgreSQL); not run yet',
      problems: [],
      skipped: true,
    };
  },
};
