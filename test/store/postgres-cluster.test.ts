import { access } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, postgresClusterUrl, useTestDatabase } from '../helpers/postgres.js';
import { findPostgresBinDir, startThrowawayPostgres } from '../helpers/postgres-cluster.js';

/** Runs `work` on a client connected to `url`, closing it whatever happens. */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('the run’s PostgreSQL cluster', () => {
  const database = useTestDatabase();

  it('gives a database that pg can create a table in, write to and read back', async () => {
    const rows = await withClient(database().url, async (client) => {
      await client.query('CREATE TABLE jobs (id integer PRIMARY KEY, prompt text NOT NULL)');
      await client.query('INSERT INTO jobs (id, prompt) VALUES ($1, $2)', [1, 'a lighthouse, é ü 🌊']);
      return (await client.query<{ id: number; prompt: string }>('SELECT id, prompt FROM jobs')).rows;
    });
    expect(rows).toEqual([{ id: 1, prompt: 'a lighthouse, é ü 🌊' }]);
  });

  it('runs with the throwaway settings and room for many pools', async () => {
    const settings = await withClient(database().url, async (client) => {
      const result = await client.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'max_connections', 'server_encoding')",
      );
      return Object.fromEntries(result.rows.map((row) => [row.name, row.setting]));
    });
    expect(settings).toEqual({ fsync: 'off', max_connections: '300', server_encoding: 'UTF8' });
  });

  it('keeps two created databases apart, and drop() removes one', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(first.name).not.toBe(second.name);
      await withClient(first.url, async (client) => {
        await client.query('CREATE TABLE marks (owner text)');
        await client.query("INSERT INTO marks VALUES ('first')");
      });
      const seenFromSecond = await withClient(second.url, async (client) => {
        const missing = (await client.query<{ table: string | null }>("SELECT to_regclass('marks') AS table")).rows;
        await client.query('CREATE TABLE marks (owner text)');
        await client.query("INSERT INTO marks VALUES ('second')");
        return missing;
      });
      expect(seenFromSecond).toEqual([{ table: null }]);
      const owners = async (url: string) =>
        withClient(url, async (client) => (await client.query<{ owner: string }>('SELECT owner FROM marks')).rows);
      expect(await owners(first.url)).toEqual([{ owner: 'first' }]);
      expect(await owners(second.url)).toEqual([{ owner: 'second' }]);

      // A connection still open (a pool a test forgot, a killed bot) does not stop the drop.
      const lingering = new pg.Client({ connectionString: first.url });
      lingering.on('error', () => undefined);
      await lingering.connect();
      await first.drop();
      await lingering.end().catch(() => undefined);
      const left = await withClient(await postgresClusterUrl(), async (client) => {
        const result = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = $1', [
          first.name,
        ]);
        return result.rows;
      });
      expect(left).toEqual([]);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
  });
});

describe('startThrowawayPostgres', () => {
  it('starts a cluster of its own, and stop() ends it and removes its folder', async () => {
    const cluster = await startThrowawayPostgres({ maxConnections: 20 });
    try {
      expect(cluster.url).toBe(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`);
      const maxConnections = await withClient(
        cluster.url,
        async (client) =>
          (await client.query<{ max: string }>("SELECT current_setting('max_connections') AS max")).rows,
      );
      expect(maxConnections).toEqual([{ max: '20' }]);
    } finally {
      await cluster.stop();
    }
    await expect(access(cluster.directory)).rejects.toThrow(/ENOENT/);
    await expect(withClient(cluster.url, async () => undefined)).rejects.toThrow(/ECONNREFUSED/);
    await cluster.stop();
  });

  it('fails with the install hint, rather than skipping, when the binaries are not there', async () => {
    await expect(startThrowawayPostgres({ binDir: '/nonexistent/postgresql/bin' })).rejects.toThrow(
      'install PostgreSQL 15: apt-get install -y postgresql',
    );
    await expect(findPostgresBinDir()).resolves.toMatch(/bin$/);
  });
});
