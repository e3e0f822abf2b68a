import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import type { Dispatcher as HttpDispatcher } from 'undici';
import type { BotContext } from '../commands/context.js';
import { jobView } from '../commands/imagine/layout.js';
import { commands, components } from '../commands/index.js';
import { buildElection } from './app/election.js';
import { buildGovernance } from './app/governance.js';
import { buildPipeline } from './app/pipeline.js';
import { buildStores } from './app/stores.js';
import { createAttachmentFetcher } from './attachments/download.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createBot } from './discord/bot.js';
import { createChannelPoster } from './discord/channel-poster.js';
import { createRestTransport } from './discord/rest-transport.js';
import { createRouter } from './discord/router.js';
import type { ImageBackend } from './images/backend.js';
import { createAdmission } from './jobs/admission.js';
import { sourceImage } from './jobs/inputs.js';
import type { Logger } from './logger.js';
import { startHttpServer } from './operations/http-server.js';
import { createMetrics } from './operations/metrics.js';
import { realTimers, type Timers } from './pipeline/pacer.js';
import { createSettings } from './settings/settings.js';

export interface AppServices {
  config: Config;
  logger: Logger;
  clock: Clock;
  backend: ImageBackend;
  /**
   * The undici 7 agent for our own HTTP (Stability, attachment downloads, discord.js's REST). Never undici's global
   * one: discord.js ships undici 6, both share the global dispatcher slot, and a global undici 7 agent would carry
   * discord.js's multipart bodies and break them ("action is not a function").
   */
  dispatcher: HttpDispatcher;
  timers?: Timers;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/**
 * The composition root: builds every service in dependency order and passes each what it needs. A table of
 * contents — stores, Discord, governance, the job pipeline, operations — with the details in src/app/.
 */
export async function createApp({
  config,
  logger: rootLogger,
  clock,
  backend,
  dispatcher,
  timers = realTimers,
}: AppServices) {
  const token = config.discord.token;
  if (!token) throw new Error('DISCORD_TOKEN is required to run the bot');
  let accepting = true;
  let http: Server | undefined;

  const bot = createBot({
    token,
    apiUrl: config.discord.apiUrl,
    logger: rootLogger,
    makeRequest: createRestTransport(dispatcher),
    shardCount: config.discord.shardCount,
    ...(config.discord.shardIds ? { shards: config.discord.shardIds } : {}),
  });
  // First, so every log line of this process says which shards it runs (several processes share one log stream).
  const shards = await bot.planShards();
  const logger = rootLogger.child({ shards: shards.ids });

  const stores = await buildStores(config, clock, timers, logger);
  const { store, health } = stores;
  const post = createChannelPoster(bot.rest, logger);
  const metrics = createMetrics();
  const governance = buildGovernance({
    config,
    store,
    clock,
    logger,
    post,
    backend,
    metrics,
    // Read only once the app runs, when the pipeline below exists.
    warnsOfBalance: () => pipeline.leadership.isLeader(),
  });
  const fetchImage = createAttachmentFetcher({
    dispatcher,
    extraOrigins: [new URL(config.discord.apiUrl).origin],
    timeoutMs: 30_000,
  });
  const legacyDir = config.databaseUrl ? undefined : join(dirname(config.databasePath), 'images');
  const pipeline = buildPipeline({
    config,
    store,
    health,
    clock,
    timers,
    logger,
    backend,
    rest: bot.rest,
    budget: governance.budget,
    metrics,
    fetchImage,
    legacyDir,
    elect: buildElection({ databaseUrl: config.databaseUrl, timers, logger }),
  });
  metrics.setShards(shards.ids);
  metrics.watch({ jobsByState: () => store.jobs.countByState(), queueDepth: () => pipeline.dispatcher.size() });

  const admission = createAdmission({
    store,
    clock,
    accepting: () => accepting,
    storeWritable: () => health.writable(),
    moderation: governance.moderation,
    content: governance.content,
    budget: governance.budget,
  });
  const imageDeps = { store, clock, fetchImage, ...(legacyDir ? { legacyDir } : {}) };
  const ctx: BotContext = {
    config,
    logger,
    clock,
    store,
    submit: {
      store,
      clock,
      logger,
      admission,
      content: governance.content,
      queue: pipeline.queue,
      writes: pipeline.writes,
      view: async (job) => jobView(job),
      // Members' images count against the same cap as results; evicting skips jobs still waiting or running.
      keepWithin: () =>
        void store.blobs
          .evict(config.images.storeMaxBytes)
          .catch((error: unknown) => logger.warn({ err: error }, 'could not trim the kept images')),
    },
    queue: pipeline.queue,
    delivery: pipeline.delivery,
    moderation: governance.moderation,
    budget: governance.budget,
    balance: governance.balance,
    content: governance.content,
    appeals: governance.appeals,
    render: (job) => pipeline.render(job),
    sourceImage: (jobId, index) => sourceImage(imageDeps, jobId, index),
    fetchImage,
    settings: createSettings({ store, clock }),
  };
  const route = createRouter({ commands, components, ctx, store, clock, logger });

  return {
    ctx,
    bot,
    metrics,
    pipeline,
    store,
    health,
    /** The database itself, for tests and the playground to inspect (the services use `store`). */
    db: stores.opened.db,

    /**
     * Serving and dispatching come first: the queue is taken over before the gateway connects, so the first command
     * already sees every waiting job; pending deliveries and message refreshes follow in the background.
     */
    async start(): Promise<void> {
      if (config.httpPort > 0) {
        http = await startHttpServer(
          config.httpPort,
          {
            gatewayConnected: () => bot.connected(),
            storeWritable: () => health.probe(),
            dispatcher: () => pipeline.leadership.isLeader(),
            shards: () => bot.shardIds(),
          },
          metrics,
          logger,
        );
      }
      health.start();
      // Decided before login: a lone process (or the first of several) has the queue before the first command.
      await pipeline.leadership.start();
      await bot.start(route);
      void governance.content
        .disableUnrunnablePatterns()
        .catch((error: unknown) => logger.error({ err: error }, 'could not check the stored blocklist patterns'));
      // After login, so a low balance found at start can already be posted in the mod-log channels.
      await governance.balance.start();
      logger.info(
        {
          backend: backend.name,
          store: stores.opened.dialect,
          dispatcher: pipeline.leadership.isLeader(),
          shardCount: shards.count,
        },
        'bot started',
      );
    },

    /**
     * Takes no more jobs, sends nothing new (waiting jobs stay queued), lets calls in flight finish and deliver, and
     * only then lets another process dispatch — so a planned stop interrupts no job.
     */
    async stop(): Promise<void> {
      accepting = false;
      governance.balance.stop();
      pipeline.progress.stop();
      await pipeline.leadership.stopDispatching();
      await pipeline.delivery.settle();
      pipeline.delivery.stop();
      await pipeline.leadership.resign();
      pipeline.writes.stop();
      health.stop();
      await bot.stop();
      await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
      await stores.opened.close();
      logger.info('bot stopped');
    },
  };
}
