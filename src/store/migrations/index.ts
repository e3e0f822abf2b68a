import { type Kysely, sql } from 'kysely';
import { jobsMigration } from './001-jobs.js';
import { moderationMigration } from './002-moderation.js';
import { budgetsContentMigration } from './003-budgets-content.js';
import { reliabilityMigration } from './004-reliability.js';
import type { Dialect, Migration } from './types.js';

/**
 * Numbered migrations, applied in order at start, one transaction each. Never edit a released one: add the next
 * number, because operators' databases already ran the old ones (versions 1–3 ran as raw SQLite SQL before the store
 * spoke two dialects; their rows in `schema_migrations` keep them from running again).
 */
export const MIGRATIONS: readonly Migration[] = [
  jobsMigration,
  moderationMigration,
  budgetsContentMigration,
  reliabilityMigration,
];

export async function applyMigrations(db: Kysely<unknown>, dialect: Dialect, now: number): Promise<number[]> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('at', dialect === 'postgres' ? 'bigint' : 'integer')
    .execute();
  const done = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(db);
  const applied = new Set(done.rows.map((row) => Number(row.version)));
  const ran: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx, dialect);
      await sql`INSERT INTO schema_migrations (version, name, at) VALUES (${migration.version}, ${migration.name}, ${now})`.execute(
        trx,
      );
    });
    ran.push(migration.version);
  }
  return ran;
}
