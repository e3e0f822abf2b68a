import type { Logger } from '../logger.js';
import { createElection, createSoleElection, type Election, LEADER_CHANNEL } from '../pipeline/election.js';
import { JOBS_CHANNEL } from '../pipeline/handoff.js';
import type { LeadershipHooks } from '../pipeline/leadership.js';
import type { Timers } from '../pipeline/pacer.js';
import { openLockSession } from '../store/lock-session.js';

/**
 * Candidates retry this often; the leader pings its lock connection this often and gives up on a ping after the
 * timeout. Together they bound a takeover after a crash (the next retry, ≤ 1 s, once the server freed the lock) and
 * how long a leader cut off from the server may believe it still leads (≤ 2.5 s, far less than the server's ~11 s
 * to notice: see lock-session.ts). @unit milliseconds
 */
export const ELECTION_TIMING = { retryMs: 1_000, heartbeatMs: 1_000, pingTimeoutMs: 1_500 } as const;

/** The election for the configured store: PostgreSQL's advisory lock, or SQLite's one process that always leads. */
export function buildElection(deps: {
  databaseUrl: string | undefined;
  timers: Timers;
  logger: Logger;
}): (hooks: LeadershipHooks) => Election {
  const { databaseUrl } = deps;
  if (!databaseUrl) return (hooks) => createSoleElection(hooks.onElected);
  return (hooks) =>
    createElection({
      open: (handlers) =>
        openLockSession({
          url: databaseUrl,
          channels: [LEADER_CHANNEL, JOBS_CHANNEL],
          queryTimeoutMs: ELECTION_TIMING.pingTimeoutMs,
          onNotify: handlers.onNotify,
          onLost: handlers.onLost,
        }),
      timers: deps.timers,
      logger: deps.logger,
      retryMs: ELECTION_TIMING.retryMs,
      heartbeatMs: ELECTION_TIMING.heartbeatMs,
      onElected: hooks.onElected,
      onDeposed: hooks.onDeposed,
      onNotify: (channel, payload) => {
        if (channel === JOBS_CHANNEL) hooks.onNotice(payload);
      },
    });
}
