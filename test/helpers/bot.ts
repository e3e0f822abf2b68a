import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import type { ImageBackend } from '../../src/images/backend.js';
import { createImageBackend } from '../../src/images/create-backend.js';
import { createLocalFaults, type LocalFaults } from '../../src/images/faults.js';
import { createLogger } from '../../src/logger.js';
import { type FakeStabilityServer, startFakeStabilityServer } from '../fakes/stability-server.js';

export interface BotEnvOptions {
  /** `local` (default): the offline renderer with its fault switch; `stability`: the real client against the fake server. */
  backend?: 'local' | 'stability';
  /** Extra environment for the bot's config (limits, quota…). */
  env?: Record<string, string>;
  attachmentSizeLimit?: number;
  /** Reuse a data folder (to restart on the same database). */
  dir?: string;
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
  /** Stops the bot (as SIGTERM would) and starts a new one on the same database and emulator. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A local Discord (the emulator, real discord.js on the wire) and a local Stability, with the real bot logged in. */
export async function startBotEnv(options: BotEnvOptions = {}): Promise<BotEnv> {
  const emulator = createEmulator({
    ...(options.attachmentSizeLimit ? { attachmentSizeLimit: options.attachmentSizeLimit } : {}),
    logger: { warn: () => undefined },
  });
  await emulator.start();
  const stability = options.backend === 'stability' ? await startFakeStabilityServer() : undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'imagine-bot-')));
  const config = loadConfig({
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_GUILD_ID: emulator.guild.id,
    DISCORD_API_URL: emulator.restUrl,
    IMAGE_BACKEND: stability ? 'stability' : 'local',
    ...(stability ? { STABILITY_API_KEY: stability.apiKey, STABILITY_API_URL: stability.url } : {}),
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    HTTP_PORT: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const body = commands.map((command) => command.data);
  await new REST({ api: config.discord.apiUrl })
    .setToken(emulator.token)
    .put(Routes.applicationGuildCommands(emulator.applicationId, emulator.guild.id), { body });

  const faults = createLocalFaults();
  const backend = createImageBackend(config, { faults });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(
    { level: config.logLevel, secrets: [config.discord.token, config.stability.apiKey], pretty: false },
    sink,
  );
  const boot = async () => {
    const app = await createApp({ config, logger, clock: emulator.clock, backend, commands });
    await app.start();
    return app;
  };

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
    async restart() {
      await env.app.stop();
      env.app = await boot();
    },
    async close() {
      await env.app.stop().catch(() => undefined);
      await emulator.stop();
      await stability?.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
  return env;
}
