import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { createBlobStore } from './blob-store.js';
import { createBudgetStore } from './budget-store.js';
import { createContentStore } from './content-store.js';
import { createDispatchStore } from './dispatch-store.js';
import { createJobStore } from './job-store.js';
import type { Dialect } from './migrations/types.js';
import { createModerationStore } from './moderation-store.js';
import type { DB } from './schema.js';
import { createSettingsStore } from './settings-store.js';
import { createUsageStore } from './usage-store.js';
import { probeWrite } from './write-probe.js';

export interface Store {
  readonly dialect: Dialect;
  readonly jobs: ReturnType<typeof createJobStore>;
  readonly moderation: ReturnType<typeof createModerationStore>;
  readonly usage: ReturnType<typeof createUsageStore>;
  readonly budget: ReturnType<typeof createBudgetStore>;
  readonly content: ReturnType<typeof createContentStore>;
  readonly blobs: ReturnType<typeof createBlobStore>;
  readonly settings: ReturnType<typeof createSettingsStore>;
  readonly dispatch: ReturnType<typeof createDispatchStore>;
  /**
   * Runs `fn` in one transaction with a store bound to it. Use only `tx` inside: on SQLite the one connection is
   * held by the transaction, so a query through the outer store would wait for it forever.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: holds `key` until it commits, so two processes admitting for the same member or server
   * take turns (PostgreSQL advisory lock). SQLite needs none: one process, and its transactions run one at a time.
   */
  lock(key: string): Promise<void>;
  /** Writes one row: proves the store takes writes now (for /healthz), throwing when it does not. */
  probeWrite(now: number): Promise<void>;
  /**
   * Tells every process listening on `channel` (PostgreSQL NOTIFY; inside a transaction, sent when it commits).
   * Nothing listens on SQLite, where one process does everything.
   */
  notify(channel: string, payload: string): Promise<void>;
}

/** A signed 64-bit advisory-lock id from a text key, the same in every process. */
function lockId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

export function createStore(db: Kysely<DB>, dialect: Dialect, inTransaction = false): Store {
  return {
    dialect,
    jobs: createJobStore(db, dialect),
    moderation: createModerationStore(db),
    usage: createUsageStore(db),
    budget: createBudgetStore(db),
    content: createContentStore(db),
    blobs: createBlobStore(db),
    settings: createSettingsStore(db),
    dispatch: createDispatchStore(db),

    async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      if (inTransaction) return fn(this);
      return db.transaction().execute((trx) => fn(createStore(trx, dialect, true)));
    },

    async lock(key: string): Promise<void> {
      if (dialect !== 'postgres') return;
      if (!inTransaction) throw new Error('store.lock() outside a transaction would never be released');
      await sql`SELECT pg_advisory_xact_lock(${lockId(key).toString()}::bigint)`.execute(db);
    },

    async notify(channel: string, payload: string): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db);
    },

    probeWrite: (now: number) => probeWrite(db, dialect, now),
  };
}
