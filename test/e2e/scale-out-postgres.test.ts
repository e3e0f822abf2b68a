import type { EmulatorGuild, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { type Cluster, startCluster } from '../helpers/cluster.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

let env: BotEnv | undefined;
let cluster: Cluster | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  if (cluster) expectNoViolations(cluster.emulator);
  await env?.close();
  await cluster?.close();
  await database?.drop();
  env = undefined;
  cluster = undefined;
  database = undefined;
});

/** Bounds a hang on a loaded machine (several bot processes on 2 cores): not a timing. */
const LONG = 90_000;

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);
const general = (guild: EmulatorGuild) => guild.channels.find((c) => c.name === 'general') ?? guild.channels[0]!;

function buttonIds(message: StoredMessage): string[] {
  return (message.data.components ?? []).flatMap((row) =>
    'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
  );
}

describe('one bot process on PostgreSQL', () => {
  it('answers with the queue position, delivers, keeps the queue across a restart and says it dispatches', async () => {
    database = await createTestDatabase();
    env = await startBotEnv({
      backend: 'stability',
      stabilityLatencyMs: 300,
      env: { DATABASE_URL: database.url, LIMIT_CONCURRENT_PER_USER: '1', LIMIT_QUEUED_PER_USER: '10' },
    });
    const { emulator } = env;
    const handles = Array.from({ length: 4 }, (_, i) =>
      emulator.invokeCommand('alice', 'general', 'imagine', { prompt: `postgres job ${i}` }),
    );
    const first = await handles[3]!.waitForResponse();
    // The dispatching process knows the position at once: one reply, no deferral.
    expect(first.type).toBe(4);
    expect((first.data as { content?: string }).content).toMatch(/your job is queued — position \d/);
    await env.stability!.waitForRequests(1);
    await env.restart();
    const finals = await Promise.all(handles.map((h) => h.reply({ until: done, timeoutMs: LONG })));
    // A restart on PostgreSQL is a planned stop: calls out finished first, so nothing was interrupted.
    expect(finals.map((m) => m.data.content.slice(0, 1))).toEqual(['✅', '✅', '✅', '✅']);
    expect(env.stability!.duplicates()).toEqual({});
    expect(await env.app.store.jobs.countByState()).toMatchObject({ succeeded: 4, queued: 0, running: 0 });
    expect(env.app.pipeline.leadership.isLeader()).toBe(true);
  }, 120_000);
});

describe('two bot processes on one PostgreSQL, one shard each', () => {
  async function twoShards(env: Record<string, string> = {}, latencyMs = 400) {
    database = await createTestDatabase();
    cluster = await startCluster({
      databaseUrl: database.url,
      extraGuilds: 1,
      stability: { latencyMs },
      env: { DISCORD_SHARD_COUNT: '2', LIMIT_QUEUED_PER_USER: '10', ...env },
    });
    const leader = await cluster.startApp({ DISCORD_SHARD_IDS: '0' });
    const other = await cluster.startApp({ DISCORD_SHARD_IDS: '1' });
    const [guild0] = cluster.guildsOfShard(0, 2);
    const [guild1] = cluster.guildsOfShard(1, 2);
    if (!guild0 || !guild1) throw new Error('the emulator should put its two servers on two shards');
    return { cluster, leader, other, channel0: general(guild0), channel1: general(guild1) };
  }

  it('hands a job admitted by the other process to the dispatcher, which shows its place and delivers it', async () => {
    const { cluster, leader, other, channel1 } = await twoShards();
    expect(leader.app.pipeline.leadership.isLeader()).toBe(true);
    expect(other.app.pipeline.leadership.isLeader()).toBe(false);
    const handle = cluster.emulator.invokeCommand('alice', channel1, 'imagine', { prompt: 'handed over' });
    // Admitted and committed by shard 1's process, which cannot know the shared queue's order: it defers.
    expect((await handle.waitForResponse()).type).toBe(5);
    const result = await handle.reply({ until: done, timeoutMs: LONG });
    expect(result.data.content).toMatch(/^✅/);
    expect(result.files).toHaveLength(1);
    // The deferred reply was filled in by the dispatcher before the result: position or progress.
    expect(handle.original()?.history.some((v) => /^(⏳|🎨)/.test(v.content))).toBe(true);
    const admittedBy = other.logs().find((l) => l.msg === 'job queued');
    expect(admittedBy).toMatchObject({ shards: [1], guildId: channel1.guildId });
    const delivered = JSON.parse(await leader.waitForLog(/"msg":"job delivered"/)) as Record<string, unknown>;
    expect(delivered).toMatchObject({ shards: [0], jobId: admittedBy?.jobId });
    expect(cluster.stability.requests.filter((r) => r.path.startsWith('/v2beta'))).toHaveLength(1);
  }, 120_000);

  it('lets a member cancel from the other process a job waiting in the dispatcher’s queue; it is never sent', async () => {
    // Slow answers, so the second job still waits behind the first when the dispatcher hears of it.
    const { cluster, channel1 } = await twoShards({ LIMIT_CONCURRENT_PER_USER: '1' }, 2_000);
    const { emulator, stability } = cluster;
    const first = emulator.invokeCommand('bob', channel1, 'imagine', { prompt: 'bob first' });
    await first.reply({ until: (m) => m.data.content.startsWith('🎨'), timeoutMs: LONG });
    const second = emulator.invokeCommand('bob', channel1, 'imagine', { prompt: 'bob second' });
    const queued = await second.reply({ until: (m) => /position 1/.test(m.data.content), timeoutMs: LONG });
    const cancelId = buttonIds(queued).find((id) => id.startsWith('v1:cancel:')) ?? '';
    expect(cancelId).not.toBe('');
    expect((await emulator.clickButton('bob', queued, cancelId).waitForResponse()).type).toBe(7);
    expect((await second.reply({ until: done, timeoutMs: LONG })).data.content).toBe(
      `✖ <@${emulator.users.bob.id}>, you cancelled this job.`,
    );
    expect((await first.reply({ until: done, timeoutMs: LONG })).data.content).toMatch(/^✅/);
    const prompts = stability.requests.filter((r) => r.path.startsWith('/v2beta')).map((r) => r.fields.prompt);
    expect(prompts).toEqual(['bob first']);
  }, 120_000);

  it('on a planned stop of the dispatcher, the other process takes over at once and no job is interrupted', async () => {
    const { cluster, leader, other, channel0, channel1 } = await twoShards({
      LIMIT_CONCURRENT_PER_USER: '1',
      LIMIT_QUEUED_PER_USER: '10',
    });
    const { emulator, stability } = cluster;
    const handles = [
      ...Array.from({ length: 3 }, (_, i) => emulator.invokeCommand('alice', channel0, 'imagine', { prompt: `a${i}` })),
      ...Array.from({ length: 3 }, (_, i) => emulator.invokeCommand('bob', channel1, 'imagine', { prompt: `b${i}` })),
    ];
    await Promise.all(handles.map((h) => h.waitForResponse()));
    await stability.waitForRequests(2);
    await leader.stop();
    await other.waitForLog(/took over the queue/);
    expect(other.app.pipeline.leadership.isLeader()).toBe(true);
    const finals = await Promise.all(handles.map((h) => h.reply({ until: done, timeoutMs: LONG })));
    expect(finals.every((m) => m.data.content.startsWith('✅'))).toBe(true);
    expect(stability.duplicates()).toEqual({});
    expect(stability.requests.filter((r) => r.path.startsWith('/v2beta'))).toHaveLength(6);
  }, 120_000);
});
