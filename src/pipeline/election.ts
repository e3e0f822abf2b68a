import type { Logger } from '../logger.js';
import type { LockSession } from '../store/lock-session.js';
import type { Timers } from './pacer.js';

/** Where a leader that steps down says so, so candidates try at once instead of at their next retry. */
export const LEADER_CHANNEL = 'imagine_leader';
const RELEASED = 'released';

export interface SessionHandlers {
  onNotify(channel: string, payload: string): void;
  onLost(error: Error): void;
}

export interface ElectionDeps {
  /** Opens a fresh lock connection (each one is used until it breaks, then replaced). */
  open(handlers: SessionHandlers): Promise<LockSession>;
  timers: Timers;
  logger: Logger;
  /** A candidate tries again this often. @unit milliseconds */
  retryMs: number;
  /** The leader checks its lock connection this often (a ping that fails or times out loses the lock). @unit milliseconds */
  heartbeatMs: number;
  /** This process holds the lock now. */
  onElected(): Promise<void>;
  /** It does not any more: must stop sending before it returns (synchronously), before anyone else can take over. */
  onDeposed(reason: string): void;
  /** Notifications on the other channels the session listens on. */
  onNotify(channel: string, payload: string): void;
}

export interface Election {
  /** Starts campaigning; resolves once the first attempt is decided (elected and taken over, or not). */
  start(): Promise<void>;
  isLeader(): boolean;
  /** Stops campaigning; a leader releases the lock and tells the candidates, who take over at once. */
  resign(): Promise<void>;
}

/**
 * One dispatcher at a time, through a PostgreSQL advisory lock on a connection of its own. Candidates try every
 * `retryMs` and at once when a leader announces its release. The leader pings its connection every `heartbeatMs`;
 * an error, an end or a ping that times out deposes it on the spot — before the server frees the lock for anyone
 * else, since the server frees it only once this connection is gone — which is the fencing half of the election.
 */
export function createElection(deps: ElectionDeps): Election {
  const log = deps.logger;
  let session: LockSession | undefined;
  let leader = false;
  let stopped = false;
  let attempting: Promise<void> | undefined;
  let retry: { cancel(): void } | undefined;
  let heartbeat: { cancel(): void } | undefined;

  const scheduleRetry = () => {
    if (stopped || leader || retry) return;
    retry = deps.timers.setTimeout(() => {
      retry = undefined;
      void attempt();
    }, deps.retryMs);
  };

  const lose = (from: LockSession, reason: string) => {
    if (from !== session) return;
    session = undefined;
    heartbeat?.cancel();
    heartbeat = undefined;
    if (leader) {
      leader = false;
      // First, and synchronously: nothing may leave once the lock may be someone else's.
      deps.onDeposed(reason);
      log.error({ reason }, 'lost the dispatcher lock: stopped dispatching; campaigning again');
    }
    void from.close();
    scheduleRetry();
  };

  const beat = (current: LockSession) => {
    heartbeat = deps.timers.setTimeout(() => {
      heartbeat = undefined;
      current.ping().then(
        () => {
          if (current === session && leader) beat(current);
        },
        (error: unknown) => lose(current, `the lock connection did not answer a ping: ${String(error)}`),
      );
    }, deps.heartbeatMs);
  };

  const handlers = (): { handlers: SessionHandlers; bind(s: LockSession): void } => {
    let bound: LockSession | undefined;
    let lostEarly: Error | undefined;
    return {
      handlers: {
        onNotify(channel, payload) {
          if (channel === LEADER_CHANNEL) {
            if (payload === RELEASED && !leader) void attempt();
            return;
          }
          deps.onNotify(channel, payload);
        },
        onLost(error) {
          if (bound) lose(bound, error.message);
          else lostEarly = error;
        },
      },
      bind(s) {
        bound = s;
        if (lostEarly) lose(s, lostEarly.message);
      },
    };
  };

  const campaign = async () => {
    if (stopped || leader) return;
    retry?.cancel();
    retry = undefined;
    try {
      if (!session) {
        const h = handlers();
        const opened = await deps.open(h.handlers);
        session = opened;
        h.bind(opened);
      }
      const current = session;
      if (!current) return;
      const won = await current.tryLock();
      if (!won || current !== session) return;
      if (stopped) {
        await current.release(LEADER_CHANNEL, RELEASED).catch(() => undefined);
        return;
      }
      leader = true;
      beat(current);
      log.info('elected: this process is the dispatcher now');
      await deps.onElected();
    } catch (error) {
      log.warn({ err: error }, 'dispatcher election: could not reach PostgreSQL; trying again');
      const broken = session;
      if (broken) lose(broken, `election query failed: ${String(error)}`);
    }
  };

  /** One attempt at a time; a notice that arrives during one is covered by it or by the retry after it. */
  const attempt = (): Promise<void> => {
    attempting ??= campaign().finally(() => {
      attempting = undefined;
      scheduleRetry();
    });
    return attempting;
  };

  return {
    start: () => attempt(),
    isLeader: () => leader,
    async resign() {
      stopped = true;
      retry?.cancel();
      heartbeat?.cancel();
      await attempting?.catch(() => undefined);
      const current = session;
      session = undefined;
      if (!current) return;
      if (leader) {
        leader = false;
        await current
          .release(LEADER_CHANNEL, RELEASED)
          .catch((error: unknown) =>
            log.warn({ err: error }, 'could not release the dispatcher lock; it ends with the connection'),
          );
      }
      await current.close();
    },
  };
}

/** SQLite: one process per database file, so it is always the dispatcher. */
export function createSoleElection(onElected: () => Promise<void>): Election {
  let leader = false;
  return {
    async start() {
      leader = true;
      await onElected();
    },
    isLeader: () => leader,
    async resign() {
      leader = false;
    },
  };
}
