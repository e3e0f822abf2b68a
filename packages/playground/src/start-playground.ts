import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { createEmulator, type Emulator } from '@imagine-bot/discord-emulator';
import { Routes } from 'discord.js';
import type { DestinationStream } from 'pino';
import { Agent } from 'undici';
import { commands } from '../../../commands/index.js';
import { type App, createApp } from '../../../src/app.js';
import { type Config, loadConfig } from '../../../src/config.js';
import { createImageBackend } from '../../../src/images/create-backend.js';
import { createLocalFaults, type LocalFaults, parseFaultKind } from '../../../src/images/faults.js';
import { registrationBody } from '../../../src/interactions/commands.js';
import { createLogger } from '../../../src/logger.js';
import { createHub } from './hub.js';
import { createPageHandler } from './page-handler.js';
import { createQueueSnapshot, type QueueSnapshot } from './queue-snapshot.js';

/** Long enough to watch "thinking…", "generating…" and queue positions move; short enough not to bore. @unit ms */
const DEFAULT_LOCAL_LATENCY_MS = 1_500;

export interface PlaygroundOptions {
  /**
   * Environment for the bot's configuration (limits, LOG_LEVEL, STABILITY_API_KEY…). Discord settings,
   * DATABASE_PATH and HTTP_PORT are always the playground's own.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Port of the emulator's HTTP server (page, REST, gateway). Default 0: any free port. */
  readonly port?: number;
  /** Where the bot's log lines go. Default: stdout (pretty on a terminal). */
  readonly logDestination?: DestinationStream;
}

export interface Playground {
  /** `http://127.0.0.1:PORT/`: open it in a browser. */
  readonly url: string;
  readonly emulator: Emulator;
  readonly app: App;
  readonly config: Config;
  readonly faults: LocalFaults;
  readonly backend: 'local' | 'stability';
  /** The SQLite database and kept images live here; deleted by `stop()`. */
  readonly dataDir: string;
  readonly queueSnapshot: () => QueueSnapshot;
  /** Stops the bot (calls in flight finish), then the emulator, then deletes the data folder. */
  stop(): Promise<void>;
}

/**
 * The whole bot against a local Discord: the emulator, commands registered over REST as `npm run deploy-commands`
 * would, the real app (discord.js, scheduler, SQLite in a temp folder) on the emulator's clock, and the page on the
 * emulator's HTTP server. Uses Stability when STABILITY_API_KEY is set (unless IMAGE_BACKEND=local), else the
 * offline renderer.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const env = options.env ?? {};
  const backend = env.STABILITY_API_KEY?.trim() && env.IMAGE_BACKEND !== 'local' ? 'stability' : 'local';
  const base = {
    ...env,
    IMAGE_BACKEND: backend,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    LOCAL_BACKEND_LATENCY_MS: env.LOCAL_BACKEND_LATENCY_MS ?? String(DEFAULT_LOCAL_LATENCY_MS),
    HTTP_PORT: '0',
  };
  // Validated before anything starts, so a bad variable fails with the usual ConfigError and nothing to clean up.
  const preflight = loadConfig(base, ['image-backend']);
  const logger = createLogger(
    { level: preflight.logLevel, secrets: [preflight.stability.apiKey] },
    options.logDestination,
  );
  const emulator = createEmulator({
    ...(options.port === undefined ? {} : { port: options.port }),
    logger: { warn: (message) => logger.warn({ source: 'discord-emulator' }, message) },
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'imagine-playground-'));
  // Our own HTTP (Stability, attachment downloads) on its own agent, as src/index.ts does (see AppServices).
  const dispatcher = new Agent();
  let app: App | undefined;
  try {
    await emulator.start();
    const config = loadConfig({
      ...base,
      DISCORD_TOKEN: emulator.token,
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_GUILD_ID: emulator.guild.id,
      DISCORD_API_URL: emulator.restUrl,
      DATABASE_PATH: join(dataDir, 'bot.sqlite'),
    });
    await new REST({ api: config.discord.apiUrl })
      .setToken(emulator.token)
      .put(Routes.applicationGuildCommands(emulator.applicationId, emulator.guild.id), {
        body: registrationBody(commands),
      });
    const faults = createLocalFaults(parseFaultKind(config.images.localFault ?? '') ?? 'none');
    const started = await createApp({
      config,
      logger,
      clock: emulator.clock,
      backend: createImageBackend(config, { faults, dispatcher }),
      dispatcher,
    });
    app = started;
    await started.start();
    const queueSnapshot = createQueueSnapshot(started, () => emulator.clock.now());
    const removePage = emulator.addPageHandler(
      createPageHandler({ emulator, faults, backend, queueSnapshot, hub: createHub() }),
    );
    return {
      url: `${emulator.baseUrl}/`,
      emulator,
      app: started,
      config,
      faults,
      backend,
      dataDir,
      queueSnapshot,
      async stop() {
        removePage();
        try {
          await started.stop().catch((error: unknown) => logger.error({ err: error }, 'bot did not stop cleanly'));
          await emulator.stop();
          await dispatcher.close();
          logger.flush();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await app?.stop().catch(() => undefined);
    await emulator.stop().catch(() => undefined);
    await dispatcher.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
