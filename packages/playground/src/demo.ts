#!/usr/bin/env node
import { rmSync } from 'node:fs';
import { ConfigError, readEnvironment } from '../../../src/config.js';
import { startPlayground } from './start-playground.js';

/** `npm run demo`: the bot, a local Discord and its web page, with no account and no key. Ctrl+C stops it all. */
const env = readEnvironment(process.env);
const port = Number(env.PLAYGROUND_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`PLAYGROUND_PORT must be a port number (0 = any free port), got ${env.PLAYGROUND_PORT}\n`);
  process.exit(2);
}

let playground: Awaited<ReturnType<typeof startPlayground>>;
try {
  playground = await startPlayground({ env, port });
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Could not start the playground: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const images =
  playground.backend === 'stability'
    ? 'Stability AI (STABILITY_API_KEY is set: every image costs real credits)'
    : 'local renderer (offline; set STABILITY_API_KEY for real pictures)';
process.stdout.write(
  [
    '',
    '  imagine-bot playground: the real bot on a local Discord',
    '',
    `  open    ${playground.url}`,
    `  images  ${images}`,
    `  data    ${playground.dataDir} (deleted on exit)`,
    '',
    '  Ctrl+C to stop.',
    '',
    '',
  ].join('\n'),
);

/** Running image calls get this long to finish before the process leaves anyway. @unit milliseconds */
const STOP_GRACE_MS = 15_000;

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the bot and the emulator…\n`);
  const force = setTimeout(() => {
    process.stderr.write('stopping took too long; leaving anyway\n');
    rmSync(playground.dataDir, { recursive: true, force: true });
    process.exit(1);
  }, STOP_GRACE_MS);
  force.unref();
  try {
    await playground.stop();
  } catch (error) {
    process.stderr.write(`stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// A stray rejection (a page request torn down mid-write, say) must not end a demo someone is using.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(
    `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`,
  );
});
