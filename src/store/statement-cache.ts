import type Database from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct statements kept: the bot's queries are a few hundred shapes; more only with long `IN (…)` lists. */
const CAPACITY = 1_000;

/**
 * The SQLite file as Kysely's driver sees it, with its statements kept once compiled. The driver prepares every
 * query anew, and under a burst of /imagine that compilation was the largest single cost of an admission (more than
 * running the queries). SQLite runs on this one thread, so a statement is never in use twice at once (nothing here
 * streams); least recently used statements are dropped past CAPACITY.
 */
export function withStatementCache(file: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => file.close(),
    prepare(sql) {
      const kept = statements.get(sql);
      if (kept) {
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const statement = file.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > CAPACITY) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}
