#!/usr/bin/env node
import { Agent } from 'undici';
import { createApp } from './app.js';
import { createSystemClock } from './clock.js';
import { ConfigError, loadConfig, readEnvironment } from './config.js';
import { ShardPlanError } from './discord/bot.js';
import { createImageBackend } from './images/create-backend.js';
import { createLogger } from './logger.js';
import { StoreUnavailableError } from './store/store-errors.js';

/** Time a clean stop may take (calls in flight finish) before the process exits anyway. @unit milliseconds */
const SHUTDOWN_GRACE_MS = 60_000;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(readEnvironment(process.env), ['discord-bot', 'image-backend']);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const logger = createLogger({ level: config.logLevel, secrets: [config.discord.token, config.stability.apiKey] });
const dispatcher = new Agent();
const app = await createApp({
  config,
  logger,
  clock: createSystemClock(),
  backend: createImageBackend(config, { dispatcher, version: process.env.npm_package_version ?? '0.1.0' }),
  dispatcher,
}).catch((error: unknown) => {
  // A store that cannot be opened or written is the operator's to fix: one line naming it, no stack trace.
  if (error instanceof StoreUnavailableError) {
    logger.fatal(error.message);
    logger.flush();
    process.exit(1);
  }
  // Shard ids outside Discord's recommended count: a configuration error like the others (exit 2).
  if (error instanceof ShardPlanError) {
    process.stderr.write(`Invalid configuration:\n  - DISCORD_SHARD_IDS: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: running calls finish, queued jobs stay in the store');
  const force = setTimeout(() => {
    logger.error('stop took too long; exiting with jobs still running (they are marked failed at next start)');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  await app.stop();
  logger.flush();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

try {
  await app.start();
} catch (error) {
  if (error instanceof ShardPlanError) {
    logger.fatal(error.message);
    await app.stop().catch(() => undefined);
    process.stderr.write(`Invalid configuration:\n  - DISCORD_SHARD_COUNT: ${error.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err: error }, 'could not start the bot');
  await app.stop().catch(() => undefined);
  process.exit(1);
}
