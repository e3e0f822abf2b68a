import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { postgresTypes } from '../../src/store/database.js';
import type { Dialect } from '../../src/store/migrations/types.js';
import type { DB } from '../../src/store/schema.js';
import { createStore, type Store } from '../../src/store/store.js';

export interface StoreReader {
  dialect: Dialect;
  store: Store;
  db: Kysely<DB>;
  close(): Promise<void>;
}

/**
 * Reads the SQLite file a bot process owns, without taking it over: no migrations and no owner claim (the bot's
 * sidecar lock stays the bot's), and a read-only connection, so the suite can look at the store while the bot runs.
 */
export function readStore(path: string): StoreReader {
  const file = new Database(path, { readonly: true, fileMustExist: true });
  file.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: file }) });
  return { dialect: 'sqlite', store: createStore(db, 'sqlite'), db, close: () => db.destroy() };
}

/**
 * Reads a PostgreSQL database the bot processes share, on a small pool of its own (the bots migrated it already):
 * straight to the server, never through a relay a probe freezes or cuts.
 */
export function readPostgresStore(url: string): StoreReader {
  const pool = new pg.Pool({ connectionString: url, max: 2, types: postgresTypes(pg.types) });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { dialect: 'postgres', store: createStore(db, 'postgres'), db, close: () => db.destroy() };
}
