import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { applyMigrations } from './migrations/index.js';
import type { Dialect } from './migrations/types.js';
import type { DB } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { StoreInUseError, StoreUnavailableError } from './store-errors.js';
import { probeWrite } from './write-probe.js';

export interface OpenedDatabase {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Where it lives, for log lines (the file, or the server without credentials). */
  location: string;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** An idle pooled connection broke (the server restarted, an admin ended it): logged, and the pool replaces it. */
      onIdleError?: (error: Error) => void;
    };

/** PostgreSQL's type ids whose text the driver would hand back as strings: int8 (counts, times) and numeric. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Any one key: it only has to be the same in every process of this bot. */
const MIGRATION_LOCK_KEY = 4_170_221;

/** Opens the store the configuration names and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget, now: number): Promise<OpenedDatabase> {
  return target.kind === 'postgres'
    ? openPostgres(target.url, target.poolSize ?? 10, now, target.onIdleError)
    : openSqlite(target.path, now);
}

async function openSqlite(path: string, now: number): Promise<OpenedDatabase> {
  let file: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    file = new Database(path);
    file.pragma('journal_mode = WAL');
    file.pragma('foreign_keys = ON');
    // An admin's sqlite3 shell may hold a short lock; wait instead of failing.
    file.pragma('busy_timeout = 5000');
    file.pragma('synchronous = NORMAL');
    // A checkpoint ends in an fsync of the database, which stalls this thread for tens of milliseconds on a busy
    // disk; at SQLite's default (every 1,000 pages, 4 MiB) it came every second or so under load, and every stored
    // image. Every 10,000 pages (about 40 MiB of WAL) makes the stalls ten times rarer, for the same total work.
    file.pragma('wal_autocheckpoint = 10000');
  } catch (error) {
    throw new StoreUnavailableError(`cannot open the database file ${path} for writing`, error);
  }
  let owner: Database.Database | undefined;
  try {
    owner = claimSqliteFile(path);
  } catch (error) {
    file.close();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
  const close = async () => {
    await db.destroy();
    owner?.close();
  };
  try {
    await applyMigrations(db as unknown as Kysely<unknown>, 'sqlite', now);
    // An up-to-date schema needs no write, so a read-only file would otherwise pass until the first job.
    await probeWrite(db, 'sqlite', now);
  } catch (error) {
    await close();
    throw new StoreUnavailableError(`cannot write the database file ${path}`, error);
  }
  return { db, dialect: 'sqlite', location: path, close };
}

/**
 * One process per SQLite file: a second one would dispatch to Stability beside the first and blow the quota. The
 * claim is an exclusive transaction on a sidecar file, which the operating system releases when the process dies
 * (even by kill -9), so no stale lock survives a crash.
 */
function claimSqliteFile(path: string): Database.Database | undefined {
  if (path === ':memory:') return undefined;
  const owner = new Database(`${path}-owner`);
  try {
    owner.pragma('busy_timeout = 0');
    owner.exec('BEGIN EXCLUSIVE');
    return owner;
  } catch (error) {
    owner.close();
    const busy =
      typeof error === 'object' &&
      error !== null &&
      String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');
    if (busy) {
      throw new StoreInUseError(
        `another bot process already uses ${path}; several processes need a shared PostgreSQL (set DATABASE_URL)`,
      );
    }
    throw new StoreUnavailableError(`cannot lock the database file ${path}`, error);
  }
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** `types`: the driver's own parsers (`pg.types`), passed in because the driver is loaded only for PostgreSQL. */
export function postgresTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
      return format === 'binary' ? types.getTypeParser(oid, 'binary') : types.getTypeParser(oid, 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

async function openPostgres(
  url: string,
  poolSize: number,
  now: number,
  onIdleError: ((error: Error) => void) | undefined,
): Promise<OpenedDatabase> {
  // Loaded here, not at the top: a bot on SQLite never loads the PostgreSQL driver (its memory stays free).
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: postgresTypes(pg.types) });
  // Without a listener an idle connection's error would end the process; the pool drops the client and makes another.
  pool.on('error', (error) => onIdleError?.(error));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const location = redactedUrl(url);
  try {
    // Several processes start at once: one migrates while the others wait on the lock, then find nothing to do.
    await db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
      try {
        await applyMigrations(conn as unknown as Kysely<unknown>, 'postgres', now);
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
      }
    });
    await probeWrite(db, 'postgres', now);
  } catch (error) {
    await db.destroy();
    throw new StoreUnavailableError(`cannot reach or migrate the PostgreSQL database ${location}`, error);
  }
  return { db, dialect: 'postgres', location, close: () => db.destroy() };
}
