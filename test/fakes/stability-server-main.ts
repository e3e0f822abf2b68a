/**
 * The fake Stability server as its own process, for tests and benchmarks that must measure pacing across a real
 * process boundary. Prints its URL as the first stdout line, then serves until SIGTERM/SIGINT. Control it over HTTP
 * (`/__fake/…`, see fake-control.ts) or with `spawnFakeStabilityServer` (stability-server-process.ts).
 *
 *   tsx test/fakes/stability-server-main.ts [--port N] [--api-key K] [--balance N] [--latency-ms N]
 *     [--quota-limit N --quota-window-ms N --quota-lockout-ms N] [--async-polls N] [--async-ready-ms N]
 *     [--renderer flat|scene]
 *
 * Each flag can also come from the environment: FAKE_STABILITY_PORT, FAKE_STABILITY_API_KEY, … (upper-case, `_`).
 */
import { optionsFromArgs } from './fake-main-options.js';
import { startFakeStabilityServer } from './stability-server.js';

const server = await startFakeStabilityServer(optionsFromArgs(process.argv.slice(2), process.env));
process.stdout.write(`${server.url}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
