import { Writable } from 'node:stream';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createElection, type Election, LEADER_CHANNEL } from '../../src/pipeline/election.js';
import { realTimers } from '../../src/pipeline/pacer.js';
import { openLockSession } from '../../src/store/lock-session.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startTcpRelay } from '../helpers/tcp-relay.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const silent = createLogger({ level: 'silent', secrets: [] }, new Writable({ write: (_c, _e, done) => done() }));

/** What a process's election did, in the order it happened across all candidates of a test. */
type Step = { who: string; what: 'elected' | 'deposed' };

/** The steps of every candidate, in order, and a way to wait for one (no polling: each step wakes the waiters). */
function stepLog() {
  const steps: Step[] = [];
  const waiters = new Set<() => void>();
  return {
    steps,
    push(step: Step) {
      steps.push(step);
      for (const wake of [...waiters]) wake();
    },
    until(step: Step, deadlineMs = 20_000): Promise<void> {
      const seen = () => steps.some((s) => s.who === step.who && s.what === step.what);
      if (seen()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`never saw ${step.who} ${step.what}; saw ${JSON.stringify(steps)}`));
        }, deadlineMs);
        const check = () => {
          if (!seen()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
  };
}
type StepLog = ReturnType<typeof stepLog>;

interface Candidate {
  election: Election;
  name: string;
}

function candidate(url: string, name: string, log: StepLog, retryMs: number): Candidate {
  const election = createElection({
    open: (handlers) =>
      openLockSession({
        url,
        channels: [LEADER_CHANNEL],
        queryTimeoutMs: 1_500,
        onNotify: handlers.onNotify,
        onLost: handlers.onLost,
      }),
    timers: realTimers,
    logger: silent,
    retryMs,
    heartbeatMs: 200,
    async onElected() {
      log.push({ who: name, what: 'elected' });
    },
    onDeposed() {
      log.push({ who: name, what: 'deposed' });
    },
    onNotify: () => undefined,
  });
  cleanups.push(() => election.resign());
  return { election, name };
}

async function superuserQuery(database: TestDatabase, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('the dispatcher election on PostgreSQL', () => {
  it('elects exactly one of three candidates', async () => {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    const log = stepLog();
    const all = ['a', 'b', 'c'].map((name) => candidate(database.url, name, log, 200));
    await Promise.all(all.map((c) => c.election.start()));
    expect(all.filter((c) => c.election.isLeader())).toHaveLength(1);
    expect(log.steps.filter((s) => s.what === 'elected')).toHaveLength(1);
  });

  it('hands over at once on resign: the successor is told, not left to its next retry', async () => {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    const log = stepLog();
    const first = candidate(database.url, 'first', log, 200);
    await first.election.start();
    // A retry an hour away: only the release notice can make this one the dispatcher within the test.
    const second = candidate(database.url, 'second', log, 3_600_000);
    await second.election.start();
    expect(second.election.isLeader()).toBe(false);
    await first.election.resign();
    await log.until({ who: 'second', what: 'elected' });
    expect(second.election.isLeader()).toBe(true);
  });

  it('deposes a leader whose lock connection is killed before anyone else is elected', async () => {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    const log = stepLog();
    const first = candidate(database.url, 'first', log, 200);
    await first.election.start();
    const second = candidate(database.url, 'second', log, 200);
    await second.election.start();
    await superuserQuery(
      database,
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'imagine-bot dispatcher election' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)",
    );
    await log.until({ who: 'second', what: 'elected' });
    const order = log.steps.map((s) => `${s.who} ${s.what}`);
    expect(order.indexOf('first deposed')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('first deposed')).toBeLessThan(order.indexOf('second elected'));
    expect(first.election.isLeader()).toBe(false);
  });

  it('deposes a leader cut off from the server (its pings go unanswered) while the server still holds its lock', async () => {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    const target = new URL(database.url);
    const relay = await startTcpRelay({ host: target.hostname, port: Number(target.port) });
    cleanups.push(relay.close);
    const log = stepLog();
    const first = candidate(relay.url(database.url), 'first', log, 200);
    await first.election.start();
    const second = candidate(database.url, 'second', log, 200);
    await second.election.start();
    relay.freeze();
    await log.until({ who: 'first', what: 'deposed' });
    // Fenced on its own: the server has not freed the lock yet (it still sees a live connection), so the second is
    // not the dispatcher, and for a while nobody is — never two at once.
    expect(second.election.isLeader()).toBe(false);
    expect(log.steps).toEqual([
      { who: 'first', what: 'elected' },
      { who: 'first', what: 'deposed' },
    ]);
    // Once the link is really gone, the server frees the lock and the second takes over.
    await relay.close();
    await log.until({ who: 'second', what: 'elected' });
  });
});
