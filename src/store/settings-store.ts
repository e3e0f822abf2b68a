import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export type SettingsStore = ReturnType<typeof createSettingsStore>;

/** A member's personal defaults, as raw text per key (the settings service owns their meaning and validation). */
export function createSettingsStore(db: Kysely<DB>) {
  return {
    async all(userId: string): Promise<Record<string, string>> {
      const rows = await db
        .selectFrom('user_settings')
        .select(['key', 'value'])
        .where('user_id', '=', userId)
        .execute();
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    },

    async set(userId: string, key: string, value: string, now: number): Promise<void> {
      await db
        .insertInto('user_settings')
        .values({ user_id: userId, key, value, updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'key'])
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    },

    /** Removes one key, or all of the member's when key is undefined. */
    async reset(userId: string, key?: string): Promise<void> {
      let query = db.deleteFrom('user_settings').where('user_id', '=', userId);
      if (key !== undefined) query = query.where('key', '=', key);
      await query.execute();
    },
  };
}
