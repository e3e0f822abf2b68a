import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '../../src/store/schema.js';
import { createStore, type Store } from '../../src/store/store.js';

export interface StoreReader {
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
  return { store: createStore(db, 'sqlite'), db, close: () => db.destroy() };
}
