/**
 * The benchmark's floor: a bare discord.js client that defers every interaction the moment it arrives and does
 * nothing else. Run by bench/run.ts as its own process on the same emulator as the bot, so the figures beside the
 * bot's are what discord.js and the emulator cost on this machine in the same run. Plain JavaScript under plain
 * node, as the bot runs from its build: neither pays for a TypeScript loader.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL ?? '' } });
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isRepliable()) interaction.deferReply().catch(() => undefined);
});
client.once(Events.ClientReady, () => process.stdout.write('floor ready\n'));
process.once('SIGTERM', () => {
  client.destroy().then(() => process.exit(0));
});
await client.login(process.env.DISCORD_TOKEN ?? '');
