import type { Logger } from '../logger.js';
import type { Fence } from '../store/job-store.js';
import type { Dispatcher } from './dispatcher.js';
import type { Election } from './election.js';
import type { Handoff } from './handoff.js';

export interface LeadershipHooks {
  onElected(): Promise<void>;
  /** Synchronous: the term's dispatcher is stopped before this returns. */
  onDeposed(reason: string): void;
  /** A notice on the jobs channel from another process. */
  onNotice(payload: string): void;
}

export interface LeadershipDeps {
  logger: Logger;
  /** The election, given the hooks it calls (PostgreSQL's lock, or SQLite's sole process). */
  elect(hooks: LeadershipHooks): Election;
  /** Opens a new term in the store (PostgreSQL); undefined where one process is all there is (SQLite). */
  beginTerm(): Promise<Fence | undefined>;
  /** A fresh dispatcher for one term: its own queue and pacer, writing under `fence`. */
  makeDispatcher(fence: Fence | undefined): Dispatcher;
  /** The hand-off reader for a term's dispatcher; undefined when no other process admits jobs (SQLite). */
  makeHandoff(dispatcher: Dispatcher): Handoff | undefined;
  /** Runs after each takeover, once the queue is the dispatcher's (deliveries left pending, say). */
  onTakeover(): void;
}

/**
 * Which process dispatches, and the dispatcher of its current term. Elected, a process opens a term, takes the
 * store's queue over (`recover`) and reads other processes' jobs; deposed, it drops that term's dispatcher at once
 * (fencing) and keeps admitting as any other process. A planned stop hands over: sending stops, the calls out come
 * back and are delivered, and only then is the lock released.
 */
export function createLeadership(deps: LeadershipDeps) {
  const log = deps.logger;
  let current: Dispatcher | undefined;
  let handoff: Handoff | undefined;
  /** Counts terms, so a takeover overtaken by the loss of the lock does not install its dispatcher. */
  let term = 0;

  const election = deps.elect({
    async onElected() {
      const mine = ++term;
      const fence = await deps.beginTerm();
      if (mine !== term || !election.isLeader()) return;
      const dispatcher = deps.makeDispatcher(fence);
      current = dispatcher;
      // Before recovery, so a job announced while the queue is being taken over is not missed.
      handoff = deps.makeHandoff(dispatcher);
      const recovered = await dispatcher.recover();
      if (current !== dispatcher) return;
      handoff?.start();
      deps.onTakeover();
      log.info({ ...recovered, ...(fence ? { term: fence.term } : {}) }, 'took over the queue: dispatching');
    },
    onDeposed(reason) {
      term++;
      handoff?.stop();
      handoff = undefined;
      current?.abandon(reason);
      current = undefined;
    },
    onNotice(payload) {
      handoff?.notice(payload);
    },
  });

  return {
    /** The dispatcher of this process's term, while it has one. */
    current: () => current,
    isLeader: () => election.isLeader() && current !== undefined,
    /** Starts campaigning; resolves once the first attempt is decided (so a lone process has its queue before login). */
    start: () => election.start(),
    /** Planned stop, first half: sends nothing more; resolves when the calls already out are back (and delivered). */
    async stopDispatching(): Promise<void> {
      handoff?.stop();
      await current?.stop();
    },
    /** Planned stop, second half: lets the lock go, so a successor takes over at once. */
    async resign(): Promise<void> {
      current = undefined;
      await election.resign();
    },
  };
}

export type Leadership = ReturnType<typeof createLeadership>;
