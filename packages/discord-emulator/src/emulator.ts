import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { clickButton, invokeCommand, resolveChannel, resolveUser, sendUserMessage, submitModal } from './actions.js';
import type { Emulator, EmulatorEndpoints, EmulatorOptions } from './api.js';
import { type AdjustableClock, createAdjustableClock } from './clock.js';
import { createCommandStore } from './commands.js';
import type { EmulatorContext } from './context.js';
import { createDiagnostics, createStderrLogger } from './diagnostics.js';
import { createEmulatorEvents } from './events.js';
import { forwardMessageEvents } from './gateway/message-events.js';
import { createGatewayServer } from './gateway/server.js';
import { createInteractionRegistry } from './interactions/registry.js';
import { createMessageStore } from './messages/store.js';
import { channelRoutes } from './rest/routes/channels.js';
import { commandRoutes } from './rest/routes/commands.js';
import { identityRoutes } from './rest/routes/identity.js';
import { interactionCallbackRoutes } from './rest/routes/interaction-callback.js';
import { webhookRoutes } from './rest/routes/webhooks.js';
import { createHttpServer, type PageHandler } from './rest/server.js';
import { type DefaultSeed, defaultSeed, type EmulatorSeed } from './seed.js';
import { createSnowflakeMinter } from './snowflake.js';
import { setChannelPermissions } from './state-changes.js';
import type { StoredMessage } from './types.js';
import { createSchemaRegistry } from './validation/openapi.js';
import { waitFor } from './waiters.js';
import { buildWorld } from './world.js';

const MIB = 1024 * 1024;

/** A local Discord (REST + gateway + CDN) that real discord.js logs into; see README "Discord emulator". */
export function createEmulator<S extends EmulatorSeed = DefaultSeed>(options: EmulatorOptions<S> = {}): Emulator<S> {
  const clock: AdjustableClock = options.clock ?? createAdjustableClock();
  const mint = createSnowflakeMinter(clock);
  const seed = (options.seed ?? defaultSeed) as S;
  const world = buildWorld(seed, mint, clock);
  const logger = options.logger ?? createStderrLogger();
  const events = createEmulatorEvents((error) => logger.warn(`event listener threw: ${String(error)}`));
  const diagnostics = createDiagnostics(clock, events, logger);
  const applicationId = world.bot.id;
  const token =
    options.token ??
    `${Buffer.from(applicationId).toString('base64url')}.emulator.${randomBytes(20).toString('base64url')}`;
  let baseUrl: string | undefined;
  const requireStarted = () => {
    if (!baseUrl) throw new Error('emulator: call start() first');
    return baseUrl;
  };
  const gatewayUrl = () => `${requireStarted().replace(/^http/, 'ws')}/gateway`;
  const ctx: EmulatorContext = {
    clock,
    mint,
    world,
    store: createMessageStore(events),
    interactions: createInteractionRegistry(),
    commands: createCommandStore(events),
    events,
    diagnostics,
    schemas: options.schemas ?? createSchemaRegistry(options.openApiPath),
    config: {
      token,
      applicationId,
      attachmentSizeLimit: options.attachmentSizeLimit ?? 10 * MIB,
      channelAttachmentLimit: 10 * MIB,
      responseWindowMs: 3_000,
      tokenLifetimeMs: 15 * 60_000,
      privilegedIntents: options.privilegedIntents ?? 0,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    },
    gateway: createGatewayServer(() => ctx, gatewayUrl),
    baseUrl: requireStarted,
  };
  const stopForwarding = forwardMessageEvents(ctx);
  const pages: PageHandler[] = [];
  const server = createHttpServer(() => ctx, {
    routes: [...identityRoutes, ...interactionCallbackRoutes, ...webhookRoutes, ...channelRoutes, ...commandRoutes],
    onUpgrade: (req, socket, head) => ctx.gateway.handleUpgrade(req, socket, head),
    pages: () => pages,
  });
  const endpoints = (): EmulatorEndpoints => ({
    restUrl: `${requireStarted()}/api`,
    gatewayUrl: gatewayUrl(),
    baseUrl: requireStarted(),
    token,
    applicationId,
    botUser: world.bot,
  });
  const firstGuild = [...world.guilds.values()][0];
  if (!firstGuild) throw new Error('emulator seed: at least one guild is needed');

  return {
    get restUrl() {
      return endpoints().restUrl;
    },
    get gatewayUrl() {
      return gatewayUrl();
    },
    get baseUrl() {
      return requireStarted();
    },
    token,
    applicationId,
    botUser: world.bot,
    clock,
    users: world.byKey.users as Emulator<S>['users'],
    channels: world.byKey.channels as Emulator<S>['channels'],
    roles: world.byKey.roles as Emulator<S>['roles'],
    guilds: world.byKey.guilds as Emulator<S>['guilds'],
    guild: firstGuild,
    events,
    violations: diagnostics.violations,
    calls: diagnostics.calls,
    frames: diagnostics.frames,
    async start() {
      if (!baseUrl) {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
        });
        baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      }
      return endpoints();
    },
    async stop() {
      stopForwarding();
      ctx.gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    invokeCommand: (user, channel, name, values, path) => invokeCommand(ctx, user, channel, name, values, path),
    clickButton: (user, message, customId) => clickButton(ctx, user, message, customId),
    submitModal: (user, source, customId, values) => submitModal(ctx, user, source, customId, values),
    sendMessage: (user, channel, content) => sendUserMessage(ctx, user, channel, content),
    waitForMessage(predicate, waitOptions = {}) {
      const existing = waitOptions.includeExisting ? ctx.store.list().find(predicate) : undefined;
      if (existing) return Promise.resolve(existing);
      let latest: StoredMessage | undefined;
      const off = events.on('message', ({ change, message }) => {
        if (change !== 'deleted' && !latest && predicate(message)) latest = message;
      });
      return waitFor(ctx, ['message'], () => latest, 'a matching message', waitOptions).finally(off);
    },
    waitForBot: (waitOptions) =>
      waitFor(
        ctx,
        ['gateway'],
        () => (ctx.gateway.sessions.some((s) => !s.ended && s.socket) ? true : undefined),
        'a bot gateway session',
        waitOptions,
      ).then(() => undefined),
    messages: (channel, query = {}) =>
      ctx.store.list(
        channel === undefined ? undefined : resolveChannel(ctx, channel).id,
        query.visibleTo === undefined ? undefined : resolveUser(ctx, query.visibleTo).id,
      ),
    getMessage: (id) => ctx.store.get(id),
    commands: (guild) => ctx.commands.list(guild === undefined ? null : typeof guild === 'string' ? guild : guild.id),
    interactions: () => ctx.interactions.all(),
    advanceClock: (ms) => clock.advance(ms),
    disconnectBot: (closeCode) => ctx.gateway.disconnect(closeCode),
    setChannelPermissions: (channel, target, change) =>
      setChannelPermissions(ctx, resolveChannel(ctx, channel), target, change),
    addPageHandler(handler) {
      pages.push(handler);
      return () => {
        const index = pages.indexOf(handler);
        if (index >= 0) pages.splice(index, 1);
      };
    },
  };
}
