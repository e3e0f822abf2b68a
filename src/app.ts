import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import type { Dispatcher } from 'undici';
import { createBot } from './bot.js';
import { createBalanceMonitor } from './budget/balance-monitor.js';
import { createBudget } from './budget/budget.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createAppeals } from './content/appeals.js';
import { createContentPolicy } from './content/content-policy.js';
import type { BotContext, Command } from './context.js';
import { createDelivery } from './discord/delivery.js';
import { createJobPublisher } from './discord/job-publisher.js';
import { createRestTransport } from './discord/rest-transport.js';
import { downloadAttachment } from './download.js';
import { startHttpServer } from './http-server.js';
import type { ImageBackend } from './images/backend.js';
import { reencodeForUpload } from './images/fit.js';
import { sourceImageOf } from './jobs/iterate.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createAudit } from './moderation/audit.js';
import { createChannelPoster } from './moderation/mod-log.js';
import { createModeration } from './moderation/moderation.js';
import { createRouter } from './router.js';
import { createAdmission } from './scheduler/admission.js';
import { createJobRunner } from './scheduler/job-runner.js';
import { createLatencyTracker } from './scheduler/latency.js';
import { createPacer } from './scheduler/pacer.js';
import { createProgressUpdater } from './scheduler/progress.js';
import { createQueueView } from './scheduler/queue-view.js';
import { createBudgetStore } from './store/budget-store.js';
import { createContentStore } from './store/content-store.js';
import { isWritable, openDatabase } from './store/database.js';
import { createImageFiles } from './store/image-files.js';
import { createJobStore } from './store/job-store.js';
import { createModerationStore } from './store/moderation-store.js';
import { createUsageStore } from './store/usage-store.js';

export interface AppServices {
  config: Config;
  logger: Logger;
  clock: Clock;
  backend: ImageBackend;
  commands: readonly Command[];
  /**
   * The undici 7 agent for our own HTTP (Stability, attachment downloads). It must never be undici's global one:
   * discord.js ships undici 6, and both versions share the global dispatcher slot, so a global undici 7 agent would
   * carry discord.js's multipart bodies and break them ("action is not a function").
   */
  dispatcher: Dispatcher;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/**
 * Builds the whole bot from its services, in dependency order, and passes each piece what it needs. Only process
 * entries (src/index.ts, the playground) call this; tests call it with fakes.
 */
export async function createApp({ config, logger, clock, backend, commands, dispatcher }: AppServices) {
  const token = config.discord.token;
  if (!token) throw new Error('DISCORD_TOKEN is required to run the bot');
  const db = openDatabase(config.databasePath);
  const jobs = createJobStore(db, clock);
  const files = createImageFiles(join(dirname(config.databasePath), 'images'), config.images.storeMaxBytes);
  const queue = createQueueView();
  const latency = createLatencyTracker();
  const metrics = createMetrics({ jobsByState: () => jobs.countByState(), queueDepth: () => queue.size() });
  let accepting = true;
  let http: Server | undefined;

  const bot = createBot({
    token,
    apiUrl: config.discord.apiUrl,
    logger,
    onInteraction: (i) => route(i),
    makeRequest: createRestTransport(dispatcher),
  });
  const delivery = createDelivery(bot.client.rest, clock, logger);
  const moderationStore = createModerationStore(db);
  const post = createChannelPoster(bot.client.rest, logger);
  const audit = createAudit({ store: moderationStore, clock, post });
  const moderation = createModeration({
    store: moderationStore,
    usage: createUsageStore(db),
    jobs,
    audit,
    limits: config.limits,
    clock,
  });
  const budget = createBudget({
    store: createBudgetStore(db),
    settings: moderationStore,
    audit,
    post,
    clock,
    logger,
  });
  const contentStore = createContentStore(db);
  const content = createContentPolicy({ store: contentStore, settings: moderationStore, audit, clock, logger });
  const appeals = createAppeals({
    store: contentStore,
    audit,
    clock,
    logger,
    post,
    modLogChannel: (guildId) => moderation.modLogChannel(guildId),
  });
  const readBalance = backend.balance?.bind(backend);
  const balance = createBalanceMonitor({
    ...(readBalance ? { read: readBalance } : {}),
    clock,
    logger,
    intervalMs: config.balance.checkIntervalMs,
    warnBelow: config.balance.warnBelowCredits,
    onReading: (credits) => metrics.setBalance(credits),
    onLow: async (credits) => {
      const text =
        `⚠️ **The Stability account is running low: ${credits} credits left** (warning below ` +
        `${config.balance.warnBelowCredits}). Jobs start failing when it reaches 0; the operator should top it up.`;
      const channels = moderationStore.settingEverywhere('mod_log_channel');
      await Promise.all(channels.map(({ value }) => post(value, { content: text })));
    },
  });
  const pacer = createPacer(config.stability, clock, {
    onRateLimited: () => metrics.rateLimited(),
    onPause: (until) => {
      logger.warn({ until: new Date(until).toISOString() }, 'Stability answered 429: queue paused for the lockout');
      progress.changed();
    },
    onResume: () => {
      logger.info('Stability lockout over: queue resumed');
      progress.changed();
    },
  });
  const publisher = createJobPublisher({
    jobs,
    files,
    delivery,
    queue,
    latency,
    clock,
    logger,
    dispatchIntervalMs: pacer.minTime,
    maxConcurrent: config.stability.maxConcurrent,
    pausedUntil: () => pacer.pausedUntil(),
    fitUpload: (bytes, mime, limit) => reencodeForUpload(bytes, mime, limit),
    onQueuedShown: (job) => progress.markShown(job),
  });
  const progress = createProgressUpdater({
    queue,
    clock,
    loadJob: (id) => jobs.get(id),
    status: (job) => publisher.status(job),
    publish: (id) => publisher.publish(id),
    minIntervalMs: 5_000,
    maxEditsPerSweep: 10,
    sweepDelayMs: 1_000,
  });
  const download = (url: string) => downloadAttachment(url, 30_000, dispatcher);
  const runner = createJobRunner({
    jobs,
    files,
    backend,
    pacer,
    queue,
    latency,
    logger,
    concurrentPerUser: (userId) => moderation.concurrencyFor(userId),
    sourceImage: (job) => sourceImageOf({ jobs, files, download }, job),
    publish: (jobId) => publisher.publish(jobId),
    clientUserId: (userId) => createHash('sha256').update(`imagine-bot:${userId}`).digest('hex').slice(0, 32),
    onCall: (endpoint, ms, outcome, credits) => metrics.observeCall(endpoint, ms, outcome, credits),
    onQueueChange: () => progress.changed(),
    onJobEnd: (job) => budget.settled(job),
  });
  const ctx: BotContext = {
    config,
    logger,
    clock,
    jobs,
    files,
    download,
    admission: createAdmission({
      accepting: () => accepting,
      moderation,
      setUserConcurrency: (userId, n) => runner.setUserConcurrency(userId, n),
      content,
      budget,
    }),
    moderation,
    budget,
    balance,
    content,
    appeals,
    publisher,
    runner,
  };
  const route = createRouter(commands, ctx);

  return {
    ctx,
    bot,
    metrics,
    pacer,
    queue,
    db,

    async start(): Promise<void> {
      if (config.httpPort > 0) {
        http = await startHttpServer(
          config.httpPort,
          { gatewayConnected: () => bot.connected(), storeWritable: () => isWritable(db) },
          metrics,
          logger,
        );
      }
      await bot.start();
      // After login, so a low balance found at start can already be posted in the mod-log channels.
      await balance.start();
      const recovered = await runner.recover();
      logger.info({ ...recovered, backend: backend.name }, 'bot started');
    },

    /** Stops taking jobs, lets calls in flight finish and deliver, keeps queued jobs in the store. */
    async stop(): Promise<void> {
      accepting = false;
      balance.stop();
      progress.stop();
      await runner.shutdown();
      await bot.stop();
      await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
      db.close();
      logger.info('bot stopped');
    },
  };
}
