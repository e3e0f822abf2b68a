import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/** The `dispatcher_state` key holding the current dispatcher's term; each new dispatcher increments it. */
export const TERM_KEY = 'leader_epoch';

export type DispatchStore = ReturnType<typeof createDispatchStore>;

/**
 * What the one dispatcher leaves for its successor: a lockout still in force, and the times of the requests it sent
 * lately, so a new dispatcher starts with the window as full as Stability counts it.
 */
export function createDispatchStore(db: Kysely<DB>) {
  return {
    async get(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('dispatcher_state').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    async set(key: string, value: string, now: number): Promise<void> {
      await db
        .insertInto('dispatcher_state')
        .values({ key, value, updated_at: now })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    },

    /**
     * Opens a new dispatcher term and returns its number. Every paid call and job start of an older term is refused
     * from now on (see the fence in job-store.ts); on PostgreSQL this waits for such writes already under way, so what
     * they recorded is visible to whoever reads after this returns.
     */
    async beginTerm(now: number): Promise<number> {
      const row = await db
        .insertInto('dispatcher_state')
        .values({ key: TERM_KEY, value: '1', updated_at: now })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            value: sql<string>`CAST(CAST(dispatcher_state.value AS bigint) + 1 AS text)`,
            updated_at: now,
          }),
        )
        .returning('value')
        .executeTakeFirstOrThrow();
      return Number(row.value);
    },

    async logRequest(at: number): Promise<void> {
      await db.insertInto('quota_log').values({ at }).execute();
    },

    /** Request times since `since`, oldest first. @unit epoch milliseconds */
    async requestsSince(since: number): Promise<number[]> {
      const rows = await db.selectFrom('quota_log').select('at').where('at', '>=', since).orderBy('at').execute();
      return rows.map((row) => row.at);
    },

    async pruneRequests(before: number): Promise<void> {
      await db.deleteFrom('quota_log').where('at', '<', before).execute();
    },
  };
}
