import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { createEmulator, defaultSeed, type Emulator } from '@imagine-bot/discord-emulator';
import { Routes } from 'discord.js';
import { Agent } from 'undici';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { ImageBackend } from '../../src/images/backend.js';
import { createImageBackend } from '../../src/images/create-backend.js';
import { createLocalFaults, type LocalFaults } from '../../src/images/faults.js';
import type { LocalAsyncOptions } from '../../src/images/local-async.js';
import { registrationBody } from '../../src/interactions/commands.js';
import { type FakeStabilityServer, startFakeStabilityServer } from '../fakes/stability-server.js';
import { captureLogs } from './log-capture.js';

export interface BotEnvOptions {
  /** `local` (default): the offline renderer with its fault switch; `stability`: the real client against the fake server. */
  backend?: 'local' | 'stability';
  /** Extra environment for the bot's config (limits, quota…). */
  env?: Record<string, string>;
  attachmentSizeLimit?: number;
  /** Reuse a data folder (to restart on the same database). */
  dir?: string;
  /** More regular members of the guild, by username (for fairness and load tests). */
  extraUsers?: readonly string[];
  /** Fake Stability latency per answer. @unit milliseconds */
  stabilityLatencyMs?: number;
  /** Puts something between the bot and its backend (a gate that holds calls, a probe). */
  wrapBackend?: (backend: ImageBackend) => ImageBackend;
  /** `sqlite` (default): a file in `dir`; `postgres`: a new database on the run's throwaway cluster, dropped at close. */
  dialect?: 'sqlite' | 'postgres';
  /** How the fake's creative upscales progress (polls answered 202 before the image). */
  stabilityAsync?: LocalAsyncOptions;
}

/** The default seed plus regular members named in `extraUsers`. */
function seedWith(extraUsers: readonly string[]): typeof defaultSeed {
  if (extraUsers.length === 0) return defaultSeed;
  const users = { ...defaultSeed.users, ...Object.fromEntries(extraUsers.map((name) => [name, { username: name }])) };
  const guild = defaultSeed.guilds.playground;
  const members = { ...guild.members, ...Object.fromEntries(extraUsers.map((name) => [name, {}])) };
  // The extra keys are only ever used as strings (UserRef), so the default seed's type still describes the world.
  return { ...defaultSeed, users, guilds: { playground: { ...guild, members } } } as unknown as typeof defaultSeed;
}

export interface LocalServices {
  emulator: Emulator;
  stability: FakeStabilityServer | undefined;
  config: Config;
  dir: string;
  /** The environment a bot process needs to reach these services. */
  processEnv: Record<string, string>;
  close(): Promise<void>;
}

/** A local Discord (the emulator) and, optionally, a local Stability, with the bot's commands registered. */
export async function startLocalServices(options: BotEnvOptions = {}): Promise<LocalServices> {
  const emulator = createEmulator({
    seed: seedWith(options.extraUsers ?? []),
    ...(options.attachmentSizeLimit ? { attachmentSizeLimit: options.attachmentSizeLimit } : {}),
    logger: { warn: () => undefined },
  });
  await emulator.start();
  const stability =
    options.backend === 'stability'
      ? await startFakeStabilityServer({
          ...(options.stabilityLatencyMs ? { latencyMs: options.stabilityLatencyMs } : {}),
          ...(options.stabilityAsync ? { async: options.stabilityAsync } : {}),
        })
      : undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'imagine-bot-')));
  // Imported here, not above: it needs vitest's runner, and the fault suite uses these helpers outside vitest.
  const database =
    options.dialect === 'postgres' ? await (await import('./postgres.js')).createTestDatabase() : undefined;
  const processEnv: Record<string, string> = {
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_GUILD_ID: emulator.guild.id,
    DISCORD_API_URL: emulator.restUrl,
    IMAGE_BACKEND: stability ? 'stability' : 'local',
    ...(stability ? { STABILITY_API_KEY: stability.apiKey, STABILITY_API_URL: stability.url } : {}),
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    ...(database ? { DATABASE_URL: database.url } : {}),
    HTTP_PORT: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const config = loadConfig(processEnv);
  const body = registrationBody(commands);
  await new REST({ api: config.discord.apiUrl })
    .setToken(emulator.token)
    .put(Routes.applicationGuildCommands(emulator.applicationId, emulator.guild.id), { body });
  return {
    emulator,
    stability,
    config,
    dir,
    processEnv,
    async close() {
      await emulator.stop();
      await stability?.close();
      await database?.drop();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface BotEnv {
  emulator: Emulator;
  app: App;
  config: Config;
  dir: string;
  faults: LocalFaults;
  stability: FakeStabilityServer | undefined;
  backend: ImageBackend;
  /** Every log line the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  logText: () => string;
  /** Resolves with the first log line (raw JSON text) matching `pattern`, past or future. */
  waitForLog(pattern: RegExp): Promise<string>;
  /** Stops the bot as SIGTERM would, leaving the emulator and database for `restart()`. */
  stop(): Promise<void>;
  /** Stops the bot (unless `stop()` did) and starts a new one on the same database and emulator. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A local Discord (the emulator, real discord.js on the wire) and a local Stability, with the real bot logged in. */
export async function startBotEnv(options: BotEnvOptions = {}): Promise<BotEnv> {
  const services = await startLocalServices(options);
  const { emulator, stability, config, dir } = services;
  const faults = createLocalFaults();
  const dispatcher = new Agent();
  const real = createImageBackend(config, { faults, dispatcher });
  const backend = options.wrapBackend ? options.wrapBackend(real) : real;
  const { logger, lines, waitFor } = captureLogs(config);
  const boot = async () => {
    const app = await createApp({ config, logger, clock: emulator.clock, backend, dispatcher });
    await app.start();
    return app;
  };

  let stopped = false;
  const env: BotEnv = {
    emulator,
    app: await boot(),
    config,
    dir,
    faults,
    stability,
    backend,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    waitForLog: waitFor,
    async stop() {
      if (stopped) return;
      stopped = true;
      await env.app.stop();
    },
    async restart() {
      await env.stop();
      env.app = await boot();
      stopped = false;
    },
    async close() {
      await env.stop().catch(() => undefined);
      await services.close();
      await dispatcher.close();
    },
  };
  return env;
}
