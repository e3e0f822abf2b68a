import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createBudget } from '../../src/budget/budget.js';
import { createManualClock } from '../../src/clock.js';
import { createContentPolicy } from '../../src/content/content-policy.js';
import { type AdmissionRequest, createAdmission } from '../../src/jobs/admission.js';
import { createLogger } from '../../src/logger.js';
import { createAudit } from '../../src/moderation/audit.js';
import { createModeration } from '../../src/moderation/moderation.js';
import { openDatabase } from '../../src/store/database.js';
import { createStore, type Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { DIALECTS, type Dialect } from '../helpers/store.js';
import { GUILD, newJob } from './jobs.js';

const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const MOD = '200000000000000009';
const NOW = Date.UTC(2026, 0, 10, 12);

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * Two bot processes' stores on one database: two PostgreSQL pools (their transactions really run at once), or on
 * SQLite the one store a single process has (a second process on the file is refused at start).
 */
async function twoStores(dialect: Dialect): Promise<[Store, Store]> {
  if (dialect === 'sqlite') {
    const opened = await openDatabase({ kind: 'sqlite', path: ':memory:' }, NOW);
    closers.push(opened.close);
    const store = createStore(opened.db, 'sqlite');
    return [store, store];
  }
  const database = await createTestDatabase();
  closers.push(database.drop);
  const open = async () => {
    const opened = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 10 }, NOW);
    closers.push(opened.close);
    return createStore(opened.db, 'postgres');
  };
  const first = await open();
  return [first, await open()];
}

/** What one process builds for admission: governance over its own store. */
function admissionOn(
  store: Store,
  limits = { queuedPerUser: 100, concurrentPerUser: 2, jobsPerHour: 1000, maxCount: 4 },
) {
  const clock = createManualClock(NOW);
  const logger = createLogger({ level: 'silent', secrets: [] }, new Writable({ write: (_c, _e, done) => done() }));
  const post = async () => ({ ok: true as const, messageId: '1' });
  const audit = createAudit({ store, clock, post });
  const moderation = createModeration({ store, audit, limits, clock });
  const budget = createBudget({ store, audit, post, clock, logger });
  const content = createContentPolicy({ store, audit, clock, logger, post });
  const admission = createAdmission({
    store,
    clock,
    accepting: () => true,
    storeWritable: () => true,
    moderation,
    content,
    budget,
  });
  return { admission, budget, moderation };
}

const request = (userId: string): AdmissionRequest => ({
  guildId: GUILD,
  userId,
  roleIds: [],
  kind: 'imagine',
  model: 'core',
  count: 1,
  prompt: 'a lighthouse at dusk',
  channelNsfw: false,
  estimatedCredits: 3,
});

/** `total` simultaneous /imagine, alternating between the two processes; how many became jobs. */
async function burst(processes: ReturnType<typeof admissionOn>[], users: readonly string[], total: number) {
  const results = await Promise.all(
    Array.from({ length: total }, (_, i) => {
      const user = users[i % users.length] ?? ALICE;
      const process = processes[i % processes.length];
      if (!process) throw new Error('no process');
      return process.admission.admit(request(user), newJob(user, { interactionId: String(i) }));
    }),
  );
  return {
    admitted: results.filter((r) => r.ok).length,
    refusals: results.flatMap((r) => (r.ok ? [] : [r.message])),
  };
}

describe.each(DIALECTS)('admission from two processes at once on %s', (dialect) => {
  it('admits exactly what a server budget allows out of 20 simultaneous requests, and refuses the rest saying so', async () => {
    const [a, b] = await twoStores(dialect);
    const first = admissionOn(a);
    const second = admissionOn(b);
    // 15 credits a day fits five 3-credit jobs.
    await first.budget.set(MOD, GUILD, 'server', 15);
    const { admitted, refusals } = await burst([first, second], [ALICE], 20);
    expect(admitted).toBe(5);
    expect(refusals).toHaveLength(15);
    expect(refusals.every((message) => /daily image budget/.test(message))).toBe(true);
    expect((await first.budget.status(GUILD)).server).toMatchObject({ cap: 15, reserved: 15 });
  });

  it('admits exactly what a member budget allows when two members share the server', async () => {
    const [a, b] = await twoStores(dialect);
    const first = admissionOn(a);
    const second = admissionOn(b);
    await first.budget.set(MOD, GUILD, 'member', 9);
    const { admitted } = await burst([first, second], [ALICE, BOB], 20);
    // Three jobs of 3 credits each for each of the two members.
    expect(admitted).toBe(6);
    expect((await a.jobs.activeCounts(GUILD, ALICE)).queued).toBe(3);
    expect((await b.jobs.activeCounts(GUILD, BOB)).queued).toBe(3);
  });

  it('never lets one member past their queued limit, whichever process admits', async () => {
    const [a, b] = await twoStores(dialect);
    const first = admissionOn(a);
    const second = admissionOn(b);
    await first.moderation.setLimit(MOD, GUILD, 'user', ALICE, 'queued', 3);
    const { admitted, refusals } = await burst([first, second], [ALICE], 20);
    expect(admitted).toBe(3);
    expect(refusals.every((message) => /queue|waiting/i.test(message))).toBe(true);
    expect((await b.jobs.activeCounts(GUILD, ALICE)).queued).toBe(3);
  });
});
