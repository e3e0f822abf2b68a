import type { RESTOptions } from '@discordjs/rest';
import {
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type RESTGetAPIGatewayBotResult,
  Routes,
} from 'discord.js';
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
  /** Shards of the whole bot; `auto`: Discord's recommendation (`GET /gateway/bot`). Default 1. */
  shardCount?: number | 'auto';
}

/** The shards this process runs, of how many the bot has in all. */
export interface ShardPlan {
  ids: readonly number[];
  count: number;
}

/** The configured shard ids do not exist in the shard count (Discord would close them with 4010). */
export class ShardPlanError extends Error {
  override readonly name = 'ShardPlanError';
}

export type Bot = ReturnType<typeof createBot>;

/** Discord closed a shard for the plan itself (4010 invalid shard, 4011 too many servers): said in operator terms. */
function shardingError(error: unknown, plan: ShardPlan): ShardPlanError | undefined {
  const message = error instanceof Error ? error.message : '';
  const shards = `${plan.count} shard${plan.count === 1 ? '' : 's'}`;
  if (message === 'Sharding is required') {
    return new ShardPlanError(
      `Discord requires more shards: with ${shards} one would hold more than 2,500 servers (close code 4011). ` +
        'Set DISCORD_SHARD_COUNT=auto (Discord recommends a count) or a larger number on every process',
    );
  }
  if (message === 'Invalid shard') {
    return new ShardPlanError(
      `Discord refused shard ids ${plan.ids.join(', ')} of ${shards} (close code 4010): every process must use the ` +
        'same DISCORD_SHARD_COUNT, with DISCORD_SHARD_IDS below it',
    );
  }
  return undefined;
}

/** The discord.js client. Does no I/O until `start`; interactions go to the router given to `start`. */
export function createBot(options: BotOptions) {
  // Guilds is the only intent: it brings channels into the cache so interaction.channel resolves. No privileged ones.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl, ...(options.makeRequest ? { makeRequest: options.makeRequest } : {}) },
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

  let plan: Promise<ShardPlan> | undefined;
  const resolvePlan = async (): Promise<ShardPlan> => {
    // Asked through our own REST (the configured API), not discord.js's ShardingManager helper, which always asks
    // discord.com.
    const count =
      options.shardCount === 'auto'
        ? ((await client.rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult).shards
        : (options.shardCount ?? 1);
    const ids = options.shards ? [...options.shards] : Array.from({ length: count }, (_, id) => id);
    const outside = ids.filter((id) => id >= count);
    if (outside.length > 0) {
      throw new ShardPlanError(
        `shard ids ${outside.join(', ')} do not exist: the bot has ${count} shard${count === 1 ? '' : 's'} ` +
          `(DISCORD_SHARD_COUNT=${String(options.shardCount ?? 1)}); set DISCORD_SHARD_IDS within 0…${count - 1}`,
      );
    }
    // discord.js reads these when it connects (login), so the plan must be settled before.
    client.options.shards = ids;
    client.options.shardCount = count;
    return { ids, count };
  };

  return {
    client,
    rest: client.rest,
    /** Settles which shards this process runs (one REST call when the count is `auto`); the same answer after. */
    planShards(): Promise<ShardPlan> {
      plan ??= resolvePlan();
      return plan;
    },
    async start(route: (interaction: Interaction) => Promise<void>): Promise<void> {
      await this.planShards();
      client.on(Events.InteractionCreate, (interaction) => void route(interaction));
      const readyPromise = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(options.token);
      } catch (error) {
        throw shardingError(error, await this.planShards()) ?? error;
      }
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
