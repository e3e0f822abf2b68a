import { type Kysely, sql } from 'kysely';
import type { Dialect } from './migrations/types.js';
import type { DB } from './schema.js';

/**
 * Proves the store takes writes with a real one (a lock or a read proves only that the file opens). SQLite takes
 * writes into its WAL even when the database file itself can no longer be written; only a checkpoint (copying the
 * WAL into the file) finds out, so the probe makes one.
 */
export async function probeWrite(db: Kysely<DB>, dialect: Dialect, now: number): Promise<void> {
  await db
    .insertInto('health_probe')
    .values({ id: 1, at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ at: now }))
    .execute();
  if (dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(db);
}
