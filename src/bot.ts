import type { RESTOptions } from '@discordjs/rest';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Logger } from './logger.js';

export interface BotOptions {
  token: string;
  /** REST base (discord.js `rest.api`); the gateway URL comes from its `GET /gateway/bot`. */
  apiUrl: string;
  logger: Logger;
  onInteraction: (interaction: Interaction) => Promise<void>;
  /** discord.js's REST transport (see src/discord/rest-transport.ts for why it is ours). */
  makeRequest?: RESTOptions['makeRequest'];
}

export type Bot = ReturnType<typeof createBot>;

/** The discord.js client with the router attached. Does no I/O until `start`. */
export function createBot(options: BotOptions) {
  // Guilds is the only intent: it brings channels into the cache so interaction.channel resolves. No privileged ones.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl, ...(options.makeRequest ? { makeRequest: options.makeRequest } : {}) },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    void options.onInteraction(interaction);
  });
  client.on(Events.Error, (error) => options.logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => options.logger.warn(message));
  let ready = false;
  client.on(Events.ShardReady, () => {
    ready = true;
  });
  client.on(Events.ShardDisconnect, () => {
    ready = false;
  });
  client.on(Events.ShardResume, () => {
    ready = true;
  });

  return {
    client,
    async start(): Promise<void> {
      const readyPromise = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await readyPromise;
      ready = true;
      options.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');
    },
    connected: () => ready && client.isReady(),
    async stop(): Promise<void> {
      ready = false;
      await client.destroy();
    },
  };
}
