import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { POSTGRES_BROKER_KEY } from './postgres-context.js';

export interface TestDatabase {
  /** The database's name, unique to this run and file. */
  name: string;
  /** A `postgres://` URL for it, as the bot takes in DATABASE_URL. */
  url: string;
  /** Drops the database, ending any connection still open to it (a pool left open, a killed bot). Idempotent. */
  drop(): Promise<void>;
}

/** Asks the broker of the global setup for the cluster, which it starts on the first request of the run. */
function askBroker(broker: string): Promise<string> {
  // node:http rather than fetch: a test that stubs the global fetch must not cut its own database off.
  return new Promise((resolve, reject) => {
    const req = request(broker, { method: 'POST' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString());
        } catch {
          body = undefined;
        }
        const field = (key: string): unknown =>
          typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
        const url = field('url');
        if (response.statusCode === 200 && typeof url === 'string') {
          resolve(url);
          return;
        }
        const error = field('error');
        reject(
          new Error(
            `the throwaway PostgreSQL cluster did not start: ${typeof error === 'string' ? error : `HTTP ${response.statusCode}`}`,
          ),
        );
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The superuser URL of the run's cluster (on its `postgres` database); starts the cluster if no file has yet. */
export async function postgresClusterUrl(): Promise<string> {
  // Typed as always there, but absent when the running project does not register the global setup.
  const broker: string | undefined = inject(POSTGRES_BROKER_KEY);
  if (broker === undefined) {
    throw new Error(
      "no PostgreSQL for this vitest project: add globalSetup: ['test/postgres-global-setup.ts'] to it in vitest.config.ts",
    );
  }
  return askBroker(broker);
}

async function asSuperuser(clusterUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on the run's cluster, so test files (and the tests in one file, if they like) run in
 * parallel without seeing each other's rows. Fails, never skips, when PostgreSQL cannot start.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const clusterUrl = await postgresClusterUrl();
  // Lower-case letters, digits and underscores only: safe to quote into SQL, and no case-folding surprise.
  const name = `imagine_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await asSuperuser(clusterUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => asSuperuser(clusterUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * Creates a database before the enclosing suite's tests and drops it after them; call it at the top of a file or a
 * `describe`, and call the returned function inside tests and hooks.
 */
export function useTestDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (database === undefined) throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
    return database;
  };
}
