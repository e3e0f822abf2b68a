import type { RESTOptions } from '@discordjs/rest';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Logger } from '../logger.js';
import { createRawGuard } from './raw-guard.js';

export interface BotOptions {
  token: string;
  /** REST base (discord.js `rest.api`); the gateway URL comes from its `GET /gateway/bot`. */
  apiUrl: string;
  logger: Logger;
  /** discord.js's REST transport (see ./rest-transport.ts for why it is ours). */
  makeRequest?: RESTOptions['makeRequest'];
  /** The shards this process runs, of `shardCount` (default: every shard, in this process). */
  shards?: readonly number[];
  shardCount?: number;
}

export type Bot = ReturnType<typeof createBot>;

/** The discord.js client. Does no I/O until `start`; interactions go to the router given to `start`. */
export function createBot(options: BotOptions) {
  // Guilds is the only intent: it brings channels into the cache so interaction.channel resolves. No privileged ones.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl, ...(options.makeRequest ? { makeRequest: options.makeRequest } : {}) },
    ...(options.shards && options.shardCount ? { shards: [...options.shards], shardCount: options.shardCount } : {}),
  });
  // REST works before the gateway is up: deliveries a restart left pending need not wait for login.
  client.rest.setToken(options.token);
  const guard = createRawGuard(client.rest, options.logger);
  client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => guard.check(packet));
  client.on(Events.Error, (error) => options.logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => options.logger.warn(message));
  const ready = new Set<number>();
  client.on(Events.ShardReady, (id) => ready.add(id));
  client.on(Events.ShardResume, (id) => ready.add(id));
  client.on(Events.ShardDisconnect, (_event, id) => ready.delete(id));
  client.on(Events.ShardReconnecting, (id) => ready.delete(id));

  return {
    client,
    rest: client.rest,
    async start(route: (interaction: Interaction) => Promise<void>): Promise<void> {
      client.on(Events.InteractionCreate, (interaction) => void route(interaction));
      const readyPromise = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await readyPromise;
      options.logger.info(
        { user: client.user?.tag, guilds: client.guilds.cache.size, shards: [...ready].sort() },
        'connected to Discord',
      );
    },
    connected: () => client.isReady() && ready.size > 0 && client.ws.shards.every((shard) => ready.has(shard.id)),
    shardIds: () => [...client.ws.shards.keys()].sort((a, b) => a - b),
    async stop(): Promise<void> {
      ready.clear();
      await client.destroy();
    },
  };
}
