/**
 * Three bot processes (shards 0, 1 and 2 of 3) on one PostgreSQL, against the emulator with six servers and the fake
 * Stability server enforcing a quota scaled to 25 requests a second (the bots pace at 22). Five heavy members alone
 * ask for more than the quota (2 calls each at a time, 150 ms answers: 66 a second), so the order of the queue, not
 * the members' own limits, decides who waits.
 *
 * `npm test` runs it with 150 jobs; `npm run test:scale-out` (which .ci/run also runs) with the issue's 300
 * (SCALE_OUT_JOBS=300).
 */
import type { EmulatorChannel, InteractionHandle, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRequestsInWindow, type RecordedRequest } from '../fakes/stability-server.js';
import type { BotProcess } from '../helpers/bot-process.js';
import { type Cluster, logLines, startCluster, submitInBatches, waitForOutput } from '../helpers/cluster.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

const JOBS = Number(process.env.SCALE_OUT_JOBS ?? 150);
const SHARDS = 3;
const WINDOW_MS = 1_000;
const QUOTA = 25;
const HEAVY = Array.from({ length: 5 }, (_, i) => `heavy${i}`);
const LIGHT = Array.from({ length: 35 }, (_, i) => `light${i}`);

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);
const isCall = (path: string) => path.startsWith('/v2beta');

let database: TestDatabase;
let cluster: Cluster;
/** The process running each shard now (a killed one is replaced by its restart). */
const byShard = new Map<number, BotProcess>();

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await startCluster({
    databaseUrl: database.url,
    extraGuilds: 5,
    members: [...HEAVY, ...LIGHT],
    stability: { latencyMs: 150, quota: { limit: QUOTA, windowMs: WINDOW_MS, lockoutMs: 5_000 } },
    env: {
      DISCORD_SHARD_COUNT: String(SHARDS),
      STABILITY_RATE_LIMIT: '22',
      STABILITY_RATE_WINDOW_MS: String(WINDOW_MS),
      STABILITY_LOCKOUT_MS: '5000',
      LIMIT_QUEUED_PER_USER: '200',
      LIMIT_JOBS_PER_HOUR: '5000',
      LIMIT_CONCURRENT_PER_USER: '2',
      BALANCE_CHECK_INTERVAL_MS: '0',
    },
  });
  // One after the other: the first to start takes the dispatcher lock.
  for (let shard = 0; shard < SHARDS; shard++) {
    byShard.set(shard, await cluster.spawn({ DISCORD_SHARD_IDS: String(shard) }));
  }
}, 120_000);

afterAll(async () => {
  await cluster?.close();
  await database?.drop();
});

/** Every server's #general, with the shard it lives on. */
function channels(): { channel: EmulatorChannel; shard: number }[] {
  return Array.from({ length: SHARDS }, (_, shard) =>
    cluster.guildsOfShard(shard, SHARDS).map((guild) => ({
      channel: guild.channels.find((c) => c.name === 'general') ?? guild.channels[0]!,
      shard,
    })),
  ).flat();
}

const submit = (makers: (() => InteractionHandle)[]) => submitInBatches(makers, { batch: 20 });

/** What the fake Stability saw: no 429, no window over the quota, no paid call twice. */
function expectQuotaKept(calls: readonly RecordedRequest[]): void {
  expect(calls.filter((r) => r.status === 429)).toEqual([]);
  expect(
    maxRequestsInWindow(
      calls.map((r) => r.receivedAt),
      WINDOW_MS,
    ),
  ).toBeLessThanOrEqual(QUOTA);
  expect(cluster.stability.duplicates()).toEqual({});
}

function leader(): BotProcess {
  const current = [...byShard.values()].filter((bot) => bot.child.exitCode === null && bot.child.signalCode === null);
  // The latest takeover among the live processes (a process logs it each time it becomes the dispatcher).
  const taken = current.filter((bot) => logLines(bot).some((l) => l.msg === 'took over the queue: dispatching'));
  const found = taken.at(-1);
  if (!found) throw new Error('no process is the dispatcher');
  return found;
}

describe('three bot processes on one PostgreSQL', () => {
  it(`delivers ${JOBS} jobs of 40 members across six servers within the quota, and light members are not starved`, async () => {
    const { emulator, stability } = cluster;
    const servers = channels();
    expect(servers).toHaveLength(6);
    const heavyJobs = JOBS - LIGHT.length;
    const heavy = await submit(
      Array.from({ length: heavyJobs }, (_, i) => () => {
        const user = HEAVY[i % HEAVY.length]!;
        return emulator.invokeCommand(user, servers[i % servers.length]!.channel, 'imagine', {
          prompt: `run1 ${user} ${i}`,
        });
      }),
    );
    // Then each light member asks for one job, behind the heavy backlog: how many calls leave between its
    // acknowledgement and its own call?
    const arrivals = new Map<string, number>();
    const light = LIGHT.map((user, n) => {
      const handle = emulator.invokeCommand(user, servers[n % servers.length]!.channel, 'imagine', {
        prompt: `run1 ${user}`,
      });
      void handle
        .waitForResponse({ timeoutMs: 30_000 })
        .then(() => arrivals.set(user, stability.requests.filter((r) => isCall(r.path)).length));
      return handle;
    });
    const finals = await Promise.all([...heavy, ...light].map((h) => h.reply({ until: done, timeoutMs: 120_000 })));
    expect(finals.filter((m) => m.data.content.startsWith('✅'))).toHaveLength(JOBS);

    const calls = stability.requests.filter((r) => isCall(r.path));
    expect(calls).toHaveLength(JOBS);
    expectQuotaKept(calls);

    // Not starved: a light member waits for about one job of each other member with work (40 here), never for the
    // heavy backlog — heavy jobs were still being sent after the last light member's job.
    const order = calls.map((r) => String(r.fields.prompt));
    const waits = LIGHT.map((user) => order.indexOf(`run1 ${user}`) - (arrivals.get(user) ?? 0));
    expect(Math.max(...waits)).toBeLessThan(2 * (HEAVY.length + LIGHT.length));
    const lastLight = Math.max(...LIGHT.map((user) => order.indexOf(`run1 ${user}`)));
    const lastHeavy = Math.max(...order.map((prompt, i) => (prompt.startsWith('run1 heavy') ? i : -1)));
    expect(lastLight).toBeLessThan(lastHeavy);

    // Each process was given only its own servers' interactions, and admitted jobs for them.
    for (const [shard, bot] of byShard) {
      const own = new Set(cluster.guildsOfShard(shard, SHARDS).map((g) => g.id));
      const admitted = logLines(bot).filter((l) => l.msg === 'job queued');
      expect(admitted.length).toBeGreaterThan(0);
      expect(admitted.every((l) => own.has(String(l.guildId)))).toBe(true);
      expect(admitted.every((l) => JSON.stringify(l.shards) === JSON.stringify([shard]))).toBe(true);
    }
    expectNoViolations(emulator);
  }, 240_000);

  it('loses no accepted job when the dispatcher is killed mid-run, sends none twice, and the killed shard serves again once restarted', async () => {
    const { emulator, stability } = cluster;
    const servers = channels();
    const members = [...HEAVY, ...LIGHT];
    const callsBefore = stability.requests.filter((r) => isCall(r.path)).length;
    const dispatcher = leader();
    const killedShard = [...byShard].find(([, bot]) => bot === dispatcher)?.[0] ?? -1;
    const handles = await submit(
      Array.from(
        { length: JOBS },
        (_, i) => () =>
          emulator.invokeCommand(members[i % members.length]!, servers[i % servers.length]!.channel, 'imagine', {
            prompt: `run2 ${i}`,
          }),
      ),
    );
    // Mid-run: a third of them have gone out.
    await stability.waitForRequests(callsBefore + Math.floor(JOBS / 3));
    await dispatcher.kill('SIGKILL');
    const survivors = [...byShard.values()].filter((bot) => bot !== dispatcher);
    const takeover = await Promise.race(survivors.map((bot) => waitForOutput(bot, /took over the queue/, 60_000)));
    // The successor found the dead one's queue waiting (in commit order) and carried on with it.
    expect(Number((JSON.parse(takeover) as { requeued?: number }).requeued)).toBeGreaterThan(0);

    // Every accepted job ends where its member sees it: delivered, or (if it was out when the process died)
    // failed as interrupted with a Reroll button — never sent a second time.
    const finals = await Promise.all(handles.map((h) => h.reply({ until: done, timeoutMs: 120_000 })));
    for (const message of finals) expect(message.data.content).toMatch(/^(✅|❌)/);
    for (const message of finals.filter((m) => m.data.content.startsWith('❌'))) {
      expect(message.data.content).toMatch(/It was not sent again/);
      expect(JSON.stringify(message.data.components)).toContain('🔄 Reroll');
    }
    const calls = stability.requests.filter((r) => isCall(r.path));
    const perJob = new Map<string, number>();
    for (const call of calls) perJob.set(String(call.fields.prompt), (perJob.get(String(call.fields.prompt)) ?? 0) + 1);
    expect([...perJob.values()].every((n) => n === 1)).toBe(true);
    // The successor started from the dead one's record of what it sent: still no window over the quota, no 429.
    expectQuotaKept(calls);

    // The killed shard's servers had no gateway; restarted, it takes their interactions again.
    const restarted = await cluster.spawn({ DISCORD_SHARD_IDS: String(killedShard) });
    byShard.set(killedShard, restarted);
    const again = servers
      .filter((s) => s.shard === killedShard)
      .map((s, i) => emulator.invokeCommand('light0', s.channel, 'imagine', { prompt: `after restart ${i}` }));
    expect(again.length).toBeGreaterThan(0);
    for (const message of await Promise.all(again.map((h) => h.reply({ until: done, timeoutMs: 60_000 })))) {
      expect(message.data.content).toMatch(/^✅/);
    }
    expect(logLines(restarted).filter((l) => l.msg === 'job queued')).toHaveLength(again.length);
    expectNoViolations(emulator);
  }, 300_000);
});
