import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres, type ThrowawayPostgres } from './helpers/postgres-cluster.js';
import { POSTGRES_BROKER_KEY } from './helpers/postgres-context.js';

/**
 * One throwaway PostgreSQL cluster for the whole run, started on first demand: a run that never asks for a database
 * (one unit-test file, say) does not pay for initdb. Test files ask through a small HTTP endpoint of this, the main,
 * process, because `provide` only carries values fixed before the first test starts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Memoised: every test file shares the one cluster, and a failed start fails every file that wanted it, each with
  // the same message (the install hint when PostgreSQL is missing).
  let cluster: Promise<ThrowawayPostgres> | undefined;
  // A random path keeps other local processes from starting clusters through the endpoint by chance.
  const path = `/${randomBytes(16).toString('hex')}/cluster`;

  const server = createServer((request, response) => {
    request.resume();
    if (request.method !== 'POST' || request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    cluster ??= startThrowawayPostgres();
    cluster.then(
      ({ url }) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url })),
      (error: unknown) =>
        response
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('PostgreSQL broker: no TCP address');
  project.provide(POSTGRES_BROKER_KEY, `http://127.0.0.1:${address.port}${path}`);

  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // A start still under way is waited for, so its server and folder are not left behind.
    const started = await cluster?.catch(() => undefined);
    await started?.stop();
  };
}
