import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

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
