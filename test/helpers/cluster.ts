import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import {
  createEmulator,
  defaultSeed,
  type Emulator,
  type EmulatorGuild,
  type EmulatorOptions,
  type InteractionHandle,
} from '@imagine-bot/discord-emulator';
import { Routes } from 'discord.js';
import { Agent } from 'undici';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createImageBackend } from '../../src/images/create-backend.js';
import { registrationBody } from '../../src/interactions/commands.js';
import type { FakeStabilityServerOptions } from '../fakes/fake-types.js';
import { type FakeStabilityServer, startFakeStabilityServer } from '../fakes/stability-server.js';
import type { LocalServices } from './bot.js';
import { type BotProcess, spawnBot } from './bot-process.js';
import { captureLogs } from './log-capture.js';

export interface ClusterOptions {
  /** The one database every bot process shares (a `postgres://` URL); unset: a SQLite file, for one process. */
  databaseUrl?: string;
  /** Servers besides the seeded "Playground" (each gets a #general and the Playground's members). */
  extraGuilds?: number;
  /** Regular members of every server, by username. */
  members?: readonly string[];
  stability?: FakeStabilityServerOptions;
  /** Environment every bot process gets (limits, quota, …). */
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
}

/** A bot running in this process (for tests that need no kill -9): the real app with its log lines kept. */
export interface InProcessBot {
  app: App;
  /** Every log line, parsed. */
  logs(): Record<string, unknown>[];
  /** Resolves with the first log line (raw JSON) matching `pattern`, past or future. */
  waitForLog(pattern: RegExp): Promise<string>;
  /** Stops it as SIGTERM would. */
  stop(): Promise<void>;
}

export interface Cluster {
  emulator: Emulator;
  stability: FakeStabilityServer;
  /** What spawnBot needs to reach the emulator, the fake Stability and the database. */
  services: LocalServices;
  /** The bot processes started so far (killed ones included), in start order. */
  bots: BotProcess[];
  /** Starts one more bot process with `env` on top of the cluster's (shard ids, say). */
  spawn(env?: Record<string, string>): Promise<BotProcess>;
  /** Starts one more bot in this process, on the emulator's clock. */
  startApp(env?: Record<string, string>): Promise<InProcessBot>;
  /** The servers that live on `shard` of `count`. */
  guildsOfShard(shard: number, count: number): EmulatorGuild[];
  close(): Promise<void>;
}

/** Resolves once the process has written a line matching `pattern` (past or future); rejects if it exits first. */
export function waitForOutput(bot: BotProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const find = () =>
      bot
        .output()
        .split('\n')
        .find((line) => pattern.test(line));
    const done = (fn: () => void) => {
      clearTimeout(timer);
      bot.child.stdout?.off('data', check);
      fn();
    };
    const check = () => {
      const line = find();
      if (line !== undefined) done(() => resolve(line));
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`no output line matching ${pattern} within ${timeoutMs} ms`))),
      timeoutMs,
    );
    bot.child.stdout?.on('data', check);
    void bot.exited.then(() => {
      const line = find();
      done(() => (line === undefined ? reject(new Error(`exited before writing ${pattern}`)) : resolve(line)));
    });
    check();
  });
}

/**
 * Submits in acknowledged batches, as busy servers' members would: never more than `batch` unanswered at once.
 * Unless `unansweredOk`, an interaction the bot leaves unanswered fails the call.
 */
export async function submitInBatches(
  makers: readonly (() => InteractionHandle)[],
  options: { batch: number; onAnswered?: (handle: InteractionHandle) => void; unansweredOk?: boolean },
): Promise<InteractionHandle[]> {
  const handles: InteractionHandle[] = [];
  for (let i = 0; i < makers.length; i += options.batch) {
    const group = makers.slice(i, i + options.batch).map((make) => make());
    await Promise.all(
      group.map(async (handle) => {
        try {
          await handle.waitForResponse({ timeoutMs: 30_000 });
        } catch (error) {
          if (!options.unansweredOk) throw error;
          return;
        }
        options.onAnswered?.(handle);
      }),
    );
    handles.push(...group);
  }
  return handles;
}

/** The process's JSON log lines, parsed (anything else it wrote is skipped). */
export function logLines(bot: BotProcess): Record<string, unknown>[] {
  return bot
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** The Playground's members plus `members`, as one seed (every generated server copies the first guild's members). */
function seedWith(members: readonly string[]): typeof defaultSeed {
  const users = { ...defaultSeed.users, ...Object.fromEntries(members.map((name) => [name, { username: name }])) };
  const guild = defaultSeed.guilds.playground;
  const guildMembers = { ...guild.members, ...Object.fromEntries(members.map((name) => [name, {}])) };
  // The extra keys are only used as strings (UserRef), so the default seed's type still describes the world.
  return {
    ...defaultSeed,
    users,
    guilds: { playground: { ...guild, members: guildMembers } },
  } as unknown as typeof defaultSeed;
}

/**
 * Several bot processes on one PostgreSQL (or one on SQLite) against one local Discord (sharded like Discord) and one fake Stability
 * in this process, with the commands registered globally so every server has them.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const emulator = createEmulator({
    seed: seedWith(options.members ?? []),
    ...(options.extraGuilds ? { extraGuilds: options.extraGuilds } : {}),
    logger: { warn: () => undefined },
    ...options.emulator,
  });
  await emulator.start();
  const stability = await startFakeStabilityServer(options.stability ?? {});
  const dir = await mkdtemp(join(tmpdir(), 'imagine-cluster-'));
  const processEnv: Record<string, string> = {
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.restUrl,
    IMAGE_BACKEND: 'stability',
    STABILITY_API_KEY: stability.apiKey,
    STABILITY_API_URL: stability.url,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    HTTP_PORT: '0',
    ...options.env,
  };
  const config = loadConfig(processEnv);
  await new REST({ api: config.discord.apiUrl })
    .setToken(emulator.token)
    .put(Routes.applicationCommands(emulator.applicationId), { body: registrationBody(commands) });
  const services: LocalServices = {
    emulator,
    stability,
    config,
    dir,
    processEnv,
    close: async () => undefined,
  };
  const bots: BotProcess[] = [];
  const apps: InProcessBot[] = [];
  const agent = new Agent();
  return {
    emulator,
    stability,
    services,
    bots,
    async spawn(env = {}) {
      const bot = await spawnBot(services, env);
      bots.push(bot);
      return bot;
    },
    async startApp(env = {}) {
      const config = loadConfig({ ...processEnv, LOG_LEVEL: 'debug', ...env });
      const { logger, lines, waitFor } = captureLogs(config);
      const backend = createImageBackend(config, { dispatcher: agent });
      const app = await createApp({ config, logger, clock: emulator.clock, backend, dispatcher: agent });
      await app.start();
      let stopped = false;
      const bot: InProcessBot = {
        app,
        logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
        waitForLog: waitFor,
        async stop() {
          if (stopped) return;
          stopped = true;
          await app.stop();
        },
      };
      apps.push(bot);
      return bot;
    },
    guildsOfShard(shard, count) {
      return emulator.allGuilds().filter((guild) => emulator.shardOf(guild, count) === shard);
    },
    async close() {
      await Promise.all(bots.map((bot) => bot.kill('SIGKILL')));
      await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
      await agent.close();
      await emulator.stop();
      await stability.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
