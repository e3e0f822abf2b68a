import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, type Dialect, openTestStore, type TestStore } from '../helpers/store.js';
import { newJob } from './jobs.js';

const NOW = Date.UTC(2026, 0, 10, 12);
const opened: TestStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function open(dialect: Dialect): Promise<TestStore> {
  const test = await openTestStore(dialect, NOW);
  opened.push(test);
  return test;
}

describe.each(DIALECTS)('dispatcher terms on %s', (dialect) => {
  it('numbers each new term one above the last', async () => {
    const { store } = await open(dialect);
    expect(await store.dispatch.beginTerm(NOW)).toBe(1);
    expect(await store.dispatch.beginTerm(NOW)).toBe(2);
    expect(await store.dispatch.beginTerm(NOW)).toBe(3);
  });

  it('refuses a paid call and a job start written under a superseded term, and records nothing', async () => {
    const { store } = await open(dialect);
    const old = { term: await store.dispatch.beginTerm(NOW) };
    const started = await store.jobs.create(newJob('alice'), NOW);
    const waiting = await store.jobs.create(newJob('bob'), NOW);
    expect(await store.jobs.markRunning(started.id, NOW, old)).toBe(true);
    expect(await store.jobs.markSent(started.id, 0, NOW, old)).toBe(true);

    const successor = { term: await store.dispatch.beginTerm(NOW + 1) };
    expect(await store.jobs.markSent(started.id, 0, NOW + 5, old)).toBe(false);
    expect(await store.jobs.markRunning(waiting.id, NOW + 5, old)).toBe(false);
    expect((await store.jobs.get(started.id))?.images[0]?.sentAt).toBe(NOW);
    expect((await store.jobs.get(waiting.id))?.state).toBe('queued');

    // The successor's own writes go through.
    expect(await store.jobs.markRunning(waiting.id, NOW + 6, successor)).toBe(true);
    expect(await store.jobs.markSent(waiting.id, 0, NOW + 6, successor)).toBe(true);
  });

  it('keeps the first outcome of an image: a late writer cannot overwrite what a successor recorded', async () => {
    const { store } = await open(dialect);
    const job = await store.jobs.create(newJob('alice'), NOW);
    await store.jobs.recordImage(job.id, 0, { state: 'failed', credits: 3, errorCode: 'interrupted' });
    await store.jobs.recordImage(job.id, 0, { state: 'succeeded', credits: 3, seed: 7 });
    expect((await store.jobs.get(job.id))?.images[0]).toMatchObject({ state: 'failed', errorCode: 'interrupted' });
  });

  it('lists waiting jobs in commit order with when they were admitted, without the cancelled ones', async () => {
    const { store } = await open(dialect);
    const first = await store.jobs.create(newJob('alice'), NOW);
    const second = await store.jobs.create(
      newJob('bob', { params: { prompt: 'x', model: 'ultra', count: 3 } }),
      NOW + 1,
    );
    const third = await store.jobs.create(newJob('carol'), NOW + 2);
    expect(await store.jobs.cancel(second.id, 'you cancelled this job.', NOW + 3)).toBe(true);
    expect(await store.jobs.cancel(second.id, 'again', NOW + 4)).toBe(false);
    const entries = await store.jobs.queuedEntries();
    expect(entries.map((e) => [e.id, e.createdAt])).toEqual([
      [first.id, NOW],
      [third.id, NOW + 2],
    ]);
  });
});

describe('dispatcher terms on postgres, between two connections', () => {
  it('a new term waits for a paid call being recorded under the old one, then sees it', async () => {
    const { store, db } = await open('postgres');
    const old = { term: await store.dispatch.beginTerm(NOW) };
    const job = await store.jobs.create(newJob('alice'), NOW);
    await store.jobs.markRunning(job.id, NOW, old);

    let commit: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let recorded: (value: boolean) => void = () => undefined;
    const markedInside = new Promise<boolean>((resolve) => {
      recorded = resolve;
    });
    // The old dispatcher's record of a call, still uncommitted (its transaction is between statements).
    const oldWrite = store.transaction(async (tx) => {
      recorded(await tx.jobs.markSent(job.id, 0, NOW + 10, old));
      await held;
    });
    expect(await markedInside).toBe(true);

    const takeover = store.dispatch.beginTerm(NOW + 20);
    // Wait until the successor's write is blocked on the old term's row lock (a store state, with a deadline).
    const deadline = Date.now() + 10_000;
    let blocked = false;
    while (!blocked && Date.now() < deadline) {
      const waiting = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
      blocked = (waiting.rows[0]?.n ?? 0) > 0;
    }
    expect(blocked).toBe(true);
    commit();
    await oldWrite;
    expect(await takeover).toBe(2);
    // What the old term recorded is what the successor reads: the call counts as out, and is never sent again.
    expect((await store.jobs.get(job.id))?.images[0]?.sentAt).toBe(NOW + 10);
    expect(await store.jobs.markSent(job.id, 0, NOW + 30, old)).toBe(false);
  });
});
