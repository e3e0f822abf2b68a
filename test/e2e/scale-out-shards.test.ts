import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../helpers/cluster.js';
import { freePort } from '../helpers/free-port.js';

let cluster: Cluster | undefined;
/** A test that drives the bot into a refusal of Discord's on purpose checks that one itself. */
let expectedRefusal = false;
afterEach(async () => {
  const closing = cluster;
  cluster = undefined;
  await closing?.close();
  if (closing && !expectedRefusal) expectNoViolations(closing.emulator);
  expectedRefusal = false;
});

/** Runs the bot's entry point as an operator would and returns how it ended (it is expected to refuse to start). */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/index.ts')], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output: chunks.join('') })));
}

describe('shards', () => {
  it('starts one process in 3,000 servers on the two shards Discord recommends, and answers on both', async () => {
    // 3,000 servers at 1,500 per recommended shard: GET /gateway/bot says 2.
    cluster = await startCluster({ extraGuilds: 2_999, emulator: { guildsPerRecommendedShard: 1_500 } });
    const port = await freePort();
    const bot = await cluster.startApp({ DISCORD_SHARD_COUNT: 'auto', HTTP_PORT: String(port) });
    expect(bot.app.bot.shardIds()).toEqual([0, 1]);
    expect(bot.app.bot.client.guilds.cache.size).toBe(3_000);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, gateway: true, dispatcher: true, shards: [0, 1] });
    expect(bot.logs().find((line) => line.msg === 'bot started')).toMatchObject({ shards: [0, 1], shardCount: 2 });
    for (const shard of [0, 1]) {
      const guild = cluster.guildsOfShard(shard, 2).at(-1);
      const channel = guild?.channels[0];
      if (!channel) throw new Error(`no server on shard ${shard}`);
      const reply = await cluster.emulator
        .invokeCommand('alice', channel, 'usage', {})
        .reply({ until: (m) => m.data.content.length > 0 || m.data.embeds.length > 0 });
      expect(reply.visibleTo).toBe(cluster.emulator.users.alice.id);
    }
  });

  it('refuses to start, saying what to set, when a fixed shard count is too small for the servers (4011)', async () => {
    cluster = await startCluster({ extraGuilds: 2_999 });
    const { code, output } = await runToExit({ ...cluster.services.processEnv, DISCORD_SHARD_COUNT: '1' });
    expect(code).toBe(2);
    expect(output).toMatch(/Discord requires more shards.*4011.*DISCORD_SHARD_COUNT=auto/);
    // The emulator recorded Discord's refusal, the one thing this bot was meant to run into here.
    expect(cluster.emulator.violations.map((v) => v.code)).toEqual([4011]);
    expectedRefusal = true;
  });
});

describe('one SQLite file', () => {
  it('refuses a second bot process on the same file at start, saying that several need DATABASE_URL', async () => {
    cluster = await startCluster({});
    await cluster.spawn();
    const { code, output } = await runToExit(cluster.services.processEnv);
    expect(code).toBe(1);
    expect(output).toMatch(
      /another bot process already uses \S+bot\.sqlite; several processes need a shared PostgreSQL \(set DATABASE_URL\)/,
    );
    // The first one still serves.
    const reply = await cluster.emulator
      .invokeCommand('alice', 'general', 'usage', {})
      .reply({ until: (m) => m.data.content.length > 0 || m.data.embeds.length > 0 });
    expect(reply.visibleTo).toBe(cluster.emulator.users.alice.id);
  });
});
