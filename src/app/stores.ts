import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createStoreHealth } from '../operations/store-health.js';
import type { Timers } from '../pipeline/pacer.js';
import { openDatabase } from '../store/database.js';
import { createStore } from '../store/store.js';

/** How often the store is probed with a real write in the background (/healthz probes on every request too). */
const STORE_PROBE_MS = 5_000;

/** The database the configuration names (PostgreSQL when DATABASE_URL is set, else the SQLite file) and its health. */
export async function buildStores(config: Config, clock: Clock, timers: Timers, logger: Logger) {
  const opened = await openDatabase(
    config.databaseUrl
      ? {
          kind: 'postgres',
          url: config.databaseUrl,
          onIdleError: (error) =>
            logger.warn({ err: error }, 'an idle PostgreSQL connection broke; the pool replaces it'),
        }
      : { kind: 'sqlite', path: config.databasePath },
    clock.now(),
  );
  const store = createStore(opened.db, opened.dialect);
  const health = createStoreHealth({ store, clock, timers, logger, intervalMs: STORE_PROBE_MS });
  return { opened, store, health };
}

export type Stores = Awaited<ReturnType<typeof buildStores>>;
