/**
 * Emulator throughput benchmark (not a test: it prints figures and asserts nothing).
 *
 *   npx tsx packages/discord-emulator/bench/throughput.ts            # about 80 s
 *   npx tsx packages/discord-emulator/bench/throughput.ts --quick    # about 15 s
 *
 * A bare discord.js client is the "bot": it defers every /imagine at once and keeps the deferred replies waiting;
 * once `hold` replies wait, each new arrival finalises the oldest with an edit. That is the bot benchmark's shape
 * (100 /imagine a second, up to 10,000 waiting messages that get edited) with no bot logic in the way, so the
 * figures are the floor any bot on the emulator sits on. Both run in this one process.
 *
 * @discordjs/rest counts interaction-webhook edits against its own global limiter (`globalRequestsPerSecond`,
 * default 50, although Discord exempts interaction endpoints), so at 100 edits a second a default client queues
 * them; the last run raises the limit to show the emulator is not what bounds it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type ChatInputCommandInteraction, Client, Events, GatewayIntentBits } from 'discord.js';
import { createEmulator, type Emulator, type InteractionHandle } from '../src/index.js';
import { loginClient } from '../src/testing/discord.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rate: { type: 'string', default: '100' },
    hold: { type: 'string' },
    seconds: { type: 'string' },
    guilds: { type: 'string', default: '3000' },
  },
});
const rate = Number(args.rate);
const hold = Number(args.hold ?? (args.quick ? 2_000 : 10_000));
const steadySeconds = Number(args.seconds ?? (args.quick ? 5 : 20));
// One process runs emulator, client and driver; about 700 interactions a second saturate a core.
const FILL_RATE = 500;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const summary = (values: readonly number[]) =>
  `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, p99 ${ms(percentile(values, 99))} (n=${values.length})`;

/** The bare bot: defer at once, keep `hold` replies waiting, finalise the oldest when a new one arrives. */
function attachBareBot(client: Client, editLatencies: number[]) {
  const waiting: ChatInputCommandInteraction[] = [];
  let failures = 0;
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    void (async () => {
      await interaction.deferReply();
      waiting.push(interaction);
      while (waiting.length > hold) {
        const oldest = waiting.shift();
        const started = performance.now();
        await oldest?.editReply({ content: `done: ${oldest.options.getString('prompt')}` });
        editLatencies.push(performance.now() - started);
      }
    })().catch(() => {
      failures += 1;
    });
  });
  return { waiting: () => waiting.length, failures: () => failures };
}

/** Sends `total` commands at `perSecond`, in 10 ms ticks; resolves with invoke → callback latencies. */
async function drive(emulator: Emulator, perSecond: number, total: number): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let sent = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1_000) * perSecond));
      for (; sent < due; sent++) {
        const t0 = performance.now();
        const handle: InteractionHandle = emulator.invokeCommand('alice', 'general', 'imagine', { prompt: `#${sent}` });
        pending.push(
          handle.waitForResponse({ timeoutMs: 10_000 }).then(() => void latencies.push(performance.now() - t0)),
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await Promise.allSettled(pending);
  return latencies;
}

async function loginFigures(guilds: number) {
  const t0 = performance.now();
  const emulator = createEmulator({ extraGuilds: guilds, logger: { warn: () => {} } });
  await emulator.start();
  const started = performance.now();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    shards: [0, 1],
    shardCount: 2,
    rest: { api: emulator.restUrl },
  });
  await loginClient(client, emulator.token);
  const loggedIn = performance.now();
  console.log(
    `${guilds + 1} guilds: emulator built and listening in ${ms(started - t0)}, two-shard discord.js login to clientReady in ${ms(loggedIn - started)} (${client.guilds.cache.size} guilds cached)`,
  );
  await client.destroy();
  await emulator.stop();
}

async function steadyState(validateOpenApi: boolean, globalRequestsPerSecond = 50) {
  const emulator = createEmulator({ validateOpenApi, historyLimit: 0, logger: { warn: () => {} } });
  await emulator.start();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: emulator.restUrl, globalRequestsPerSecond },
  });
  await loginClient(client, emulator.token);
  const edits: number[] = [];
  const bot = attachBareBot(client, edits);
  const fillStarted = performance.now();
  const fill = await drive(emulator, FILL_RATE, hold);
  const fillSeconds = (performance.now() - fillStarted) / 1_000;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu = process.cpuUsage();
  const steadyStarted = performance.now();
  const acks = await drive(emulator, rate, rate * steadySeconds);
  const wall = (performance.now() - steadyStarted) / 1_000;
  const used = process.cpuUsage(cpu);
  loop.disable();
  const restTimes = emulator.calls.map((c) => c.durationMs);
  const late = emulator.calls.filter((c) => c.code === 10062).length;
  global.gc?.();
  console.log(
    `\nOpenAPI validation ${validateOpenApi ? 'on' : 'off'}, client globalRequestsPerSecond ${globalRequestsPerSecond}:`,
  );
  console.log(
    `  fill: ${hold} deferred replies waiting after ${fillSeconds.toFixed(1)} s (${(hold / fillSeconds).toFixed(0)}/s); ack ${summary(fill)}`,
  );
  console.log(
    `  steady ${rate}/s for ${steadySeconds} s (${(acks.length / wall).toFixed(0)}/s achieved), ${bot.waiting()} replies waiting`,
  );
  console.log(`    invoke → callback: ${summary(acks)}`);
  console.log(`    editReply of a waiting reply: ${summary(edits)}`);
  console.log(`    emulator REST handling (last ${restTimes.length} calls): ${summary(restTimes)}`);
  console.log(`    event loop delay p99 ${ms(loop.percentile(99) / 1e6)}, max ${ms(loop.max / 1e6)}`);
  console.log(
    `    CPU ${(((used.user + used.system) / 1e6 / wall) * 100).toFixed(0)}% of one core; heap ${mib(process.memoryUsage().heapUsed)}, RSS ${mib(process.memoryUsage().rss)}`,
  );
  console.log(
    `    missed 3 s deadlines: ${late}; bot-side failures: ${bot.failures()}; interactions recorded: ${emulator.interactions().length}`,
  );
  // Plain fetch, not client.rest: its global limiter would be what this measures.
  const pageTimes: number[] = [];
  const url = `${emulator.restUrl}/v10/channels/${emulator.channels.general.id}/messages?limit=50`;
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await (await fetch(url, { headers: { authorization: `Bot ${emulator.token}` } })).arrayBuffer();
    pageTimes.push(performance.now() - t0);
  }
  console.log(
    `    GET /channels/{id}/messages?limit=50 over ${emulator.messages('general').length} messages: ${summary(pageTimes)}`,
  );
  await client.destroy();
  await emulator.stop();
}

console.log(
  `Discord emulator benchmark: rate ${rate}/s, hold ${hold}, steady ${steadySeconds} s (node ${process.version})`,
);
await loginFigures(Number(args.guilds));
await steadyState(true);
await steadyState(false);
await steadyState(true, 500);
