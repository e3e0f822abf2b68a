import type { AddressInfo } from 'node:net';
import { resolveChannel, resolveUser } from './actions/refs.js';
import type { Emulator, EmulatorEndpoints, EmulatorOptions } from './api.js';
import { bindActions } from './emulator-actions.js';
import { buildContext } from './emulator-context.js';
import { forwardMessageEvents } from './gateway/message-events.js';
import { shardOf } from './gateway/shards.js';
import { channelRoutes } from './rest/routes/channels.js';
import { commandRoutes } from './rest/routes/commands.js';
import { identityRoutes } from './rest/routes/identity.js';
import { interactionCallbackRoutes } from './rest/routes/interaction-callback.js';
import { webhookRoutes } from './rest/routes/webhooks.js';
import { createHttpServer, type PageHandler } from './rest/server.js';
import type { DefaultSeed, EmulatorSeed } from './seed.js';
import { setChannelPermissions } from './state-changes.js';
import type { StoredMessage } from './types.js';
import { waitFor } from './waiters.js';
import { apiGuildCreate } from './wire.js';

/** A local Discord (REST + gateway + CDN) that real discord.js logs into; see the package README. */
export function createEmulator<S extends EmulatorSeed = DefaultSeed>(options: EmulatorOptions<S> = {}): Emulator<S> {
  const built = buildContext(options);
  const { ctx, clock, gatewayUrl } = built;
  const { world, events, diagnostics, config } = ctx;
  const { token, applicationId } = config;
  const requireStarted = () => ctx.baseUrl();
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
  const firstGuild = world.guilds.values().next().value;
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
    faults: {
      add: (spec) => ctx.faults.add(spec),
      list: () => ctx.faults.list(),
      clear: () => ctx.faults.clear(),
      dropGateway: (dropOptions) => ctx.gateway.dropAfter(dropOptions),
    },
    async start() {
      if (!built.baseUrl()) {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
        });
        built.setBaseUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      }
      return endpoints();
    },
    async stop() {
      stopForwarding();
      built.detach();
      ctx.gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    ...bindActions(ctx),
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
    stats: () => ({
      messages: ctx.store.size(),
      interactions: ctx.interactions.size(),
      pendingWaits: ctx.signals.size(),
      sessions: ctx.gateway.sessions.length,
    }),
    allGuilds: () => [...world.guilds.values()],
    shardOf: (guild, shardCount) => shardOf(typeof guild === 'string' ? guild : guild.id, shardCount),
    addGuild(key, guildSeed) {
      const guild = world.addGuild(key, guildSeed);
      ctx.gateway.dispatchToGuild(
        guild.id,
        'GUILD_CREATE',
        apiGuildCreate(world, guild, new Date(clock.now()).toISOString()),
      );
      return guild;
    },
    advanceClock: (ms) => clock.advance(ms),
    disconnectBot: (closeCode, disconnectOptions) => ctx.gateway.disconnect(closeCode, disconnectOptions?.shard),
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
