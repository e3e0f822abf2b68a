import type { Kysely } from 'kysely';
import { openDatabase } from '../../src/store/database.js';
import type { DB } from '../../src/store/schema.js';
import { createStore, type Store } from '../../src/store/store.js';
import { createTestDatabase } from './postgres.js';

export type Dialect = 'sqlite' | 'postgres';

/** Both stores the bot speaks: every store and admission suite runs on each. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export interface TestStore {
  store: Store;
  db: Kysely<DB>;
  close(): Promise<void>;
}

/** A fresh, migrated store: an in-memory SQLite file, or a new database on the run's throwaway PostgreSQL. */
export async function openTestStore(dialect: Dialect, now = Date.now()): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const opened = await openDatabase({ kind: 'sqlite', path: ':memory:' }, now);
    return { store: createStore(opened.db, 'sqlite'), db: opened.db, close: opened.close };
  }
  const database = await createTestDatabase();
  const opened = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 4 }, now);
  return {
    store: createStore(opened.db, 'postgres'),
    db: opened.db,
    async close() {
      await opened.close();
      await database.drop();
    },
  };
}
