/**
 * Scale-out benchmark (not a test: it prints figures and asserts nothing).
 *
 *   npm run bench:scale-out                      # 3 processes, quota scaled 10× (150 per 1 s), ~2 minutes
 *   npm run bench:scale-out -- --processes 2 --jobs 1500 --real
 *   npm run bench:scale-out -- --only ack        # just the single-process SQLite / PostgreSQL comparison
 *
 * Part 1: N bot processes (shard i of N each) on one PostgreSQL against the Discord emulator (six servers) and the
 * fake Stability server, which enforces the quota (a request over it gets a 429 and a lockout, like Stability).
 * Jobs from many members saturate the quota; halfway through, the dispatcher is killed with SIGKILL. Figures: most
 * requests in any window, 429s, utilisation while saturated, how long the takeover took, jobs lost, jobs sent twice.
 *
 * Part 2: one bot process, on SQLite and then on PostgreSQL: the ack latency of a burst of simultaneous /imagine and
 * the process's peak memory.
 *
 * PostgreSQL is a throwaway cluster of its own (test/helpers/postgres-cluster.ts), as in the tests.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EmulatorChannel, InteractionHandle } from '@imagine-bot/discord-emulator';
import pg from 'pg';
import { maxRequestsInWindow } from '../test/fakes/stability-server.js';
import type { BotProcess } from '../test/helpers/bot-process.js';
import { type Cluster, logLines, startCluster, waitForOutput } from '../test/helpers/cluster.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/helpers/postgres-cluster.js';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '3' },
    jobs: { type: 'string', default: '1200' },
    members: { type: 'string', default: '60' },
    burst: { type: 'string', default: '500' },
    real: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const PROCESSES = Number(values.processes);
const JOBS = Number(values.jobs);
const MEMBERS = Array.from({ length: Number(values.members) }, (_, i) => `member${i}`);
const BURST = Number(values.burst);
const windowMs = values.real ? 10_000 : 1_000;
const QUOTA = 150;
const latencyMs = values.real ? 600 : 150;
const lockoutMs = values.real ? 60_000 : 6_000;
const runPart = (part: 'failover' | 'ack') => values.only === undefined || values.only === part;

const done = (content: string) => /^(✅|❌|🚫|✖)/.test(content);

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS until stopped; returns the peak. */
function sampleRss(bot: BotProcess): () => number {
  let peak = rssMiB(bot.child.pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(bot.child.pid));
  }, 250);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

let databases = 0;
async function newDatabase(server: ThrowawayPostgres): Promise<string> {
  const name = `imagine_bench_${process.pid}_${databases++}`;
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

function generalOf(cluster: Cluster, shard: number, count: number): EmulatorChannel[] {
  return cluster
    .guildsOfShard(shard, count)
    .map((guild) => guild.channels.find((c) => c.name === 'general') ?? guild.channels[0]!);
}

/** Submits in acknowledged batches, as busy servers' members would (never more than `batch` unanswered). */
async function submit(makers: (() => InteractionHandle)[], batch = 50): Promise<InteractionHandle[]> {
  const handles: InteractionHandle[] = [];
  for (let i = 0; i < makers.length; i += batch) {
    const group = makers.slice(i, i + batch).map((make) => make());
    await Promise.all(group.map((h) => h.waitForResponse({ timeoutMs: 30_000 }).catch(() => undefined)));
    handles.push(...group);
  }
  return handles;
}

const botEnv = {
  STABILITY_RATE_LIMIT: '145',
  STABILITY_RATE_WINDOW_MS: String(windowMs),
  STABILITY_LOCKOUT_MS: String(lockoutMs),
  LIMIT_QUEUED_PER_USER: '5000',
  LIMIT_JOBS_PER_HOUR: '50000',
  BALANCE_CHECK_INTERVAL_MS: '0',
};

async function failoverRun(server: ThrowawayPostgres): Promise<void> {
  const cluster = await startCluster({
    databaseUrl: await newDatabase(server),
    extraGuilds: 5,
    members: MEMBERS,
    stability: { latencyMs, quota: { limit: QUOTA, windowMs, lockoutMs } },
    env: { ...botEnv, DISCORD_SHARD_COUNT: String(PROCESSES) },
    emulator: { validateOpenApi: false },
  });
  try {
    const bots: BotProcess[] = [];
    for (let shard = 0; shard < PROCESSES; shard++)
      bots.push(await cluster.spawn({ DISCORD_SHARD_IDS: String(shard) }));
    const [first] = bots;
    if (!first) throw new Error('no process');
    const channels = Array.from({ length: PROCESSES }, (_, s) => generalOf(cluster, s, PROCESSES)).flat();
    // Members spread over every server; the dispatcher's own shard is left out of the second half, because its
    // process is killed and its servers would have no gateway until it is back.
    const firstShard = new Set(generalOf(cluster, 0, PROCESSES).map((c) => c.id));
    const others = channels.filter((c) => !firstShard.has(c.id));
    const make = (i: number, pool: EmulatorChannel[]) => () =>
      cluster.emulator.invokeCommand(MEMBERS[i % MEMBERS.length]!, pool[i % pool.length]!, 'imagine', {
        prompt: `job ${i}`,
      });
    const t0 = performance.now();
    const half = Math.floor(JOBS / 2);
    const handles = await submit(Array.from({ length: half }, (_, i) => make(i, channels)));
    const submittedAt = performance.now();
    await cluster.stability.waitForRequests(Math.floor(half / 2));
    const killedAt = Date.now();
    await first.kill('SIGKILL');
    const successor = await Promise.race(
      bots.slice(1).map((bot) => waitForOutput(bot, /took over the queue/, 60_000).then(() => bot)),
    );
    const took = logLines(successor).find((l) => l.msg === 'took over the queue: dispatching');
    const takeoverMs = Number(took?.time ?? Number.NaN) - killedAt;
    handles.push(...(await submit(Array.from({ length: JOBS - half }, (_, i) => make(half + i, others)))));
    const accepted = handles.filter((h) => h.original() !== undefined || h.followUps().length > 0);
    const finals = await Promise.all(
      accepted.map((h) =>
        h
          .reply({ until: (m) => done(m.data.content), timeoutMs: values.real ? 900_000 : 300_000 })
          .catch(() => undefined),
      ),
    );
    const busySeconds = (performance.now() - t0) / 1000;
    const calls = cluster.stability.requests.filter((r) => r.path.startsWith('/v2beta'));
    const times = calls.map((r) => r.receivedAt);
    // Saturated from the first call until the backlog of the first half ran dry (all of it submitted at once).
    const firstHalf = calls.filter((r) => Number(String(r.fields.prompt).split(' ')[1]) < half);
    const beforeKill = firstHalf.filter((r) => r.receivedAt < killedAt).map((r) => r.receivedAt);
    const span = (Math.max(...beforeKill) - Math.min(...beforeKill)) / windowMs;
    const gapStart = Math.max(...beforeKill);
    const gapEnd = Math.min(...times.filter((t) => t > killedAt));
    const interrupted = finals.filter((m) => m?.data.content.startsWith('❌')).length;
    const lost = finals.filter((m) => m === undefined).length;
    console.log(`
== ${PROCESSES} processes on one PostgreSQL, quota ${QUOTA} per ${windowMs} ms at the fake (bots pace at 145), answers in ${latencyMs} ms
jobs: ${handles.length} submitted, ${accepted.length} accepted, done in ${busySeconds.toFixed(1)} s (first half submitted after ${((submittedAt - t0) / 1000).toFixed(1)} s)
Stability requests: ${calls.length}; 429s: ${calls.filter((r) => r.status === 429).length}
most requests in any ${windowMs} ms window: ${maxRequestsInWindow(times, windowMs)} of ${QUOTA}
utilisation while saturated (before the kill): ${(beforeKill.length / span / QUOTA).toFixed(3)} of the quota (${beforeKill.length} requests in ${((span * windowMs) / 1000).toFixed(1)} s; the pacer's ceiling is 145/150 = 0.967)
failover: SIGKILL → successor took over the queue in ${takeoverMs} ms; no request reached Stability for ${gapEnd - gapStart} ms around it
jobs lost (accepted, no final state within the deadline): ${lost}; interrupted (running on the killed process, never resent): ${interrupted}
jobs sent twice (duplicate fingerprints at the fake): ${Object.keys(cluster.stability.duplicates()).length}
Discord emulator violations: ${cluster.emulator.violations.length}`);
  } finally {
    await cluster.close();
  }
}

async function ackRun(label: string, databaseUrl: string | undefined): Promise<void> {
  const cluster = await startCluster({
    ...(databaseUrl ? { databaseUrl } : {}),
    members: ['burst'],
    stability: { latencyMs, quota: { limit: QUOTA, windowMs, lockoutMs } },
    env: { ...botEnv, DISCORD_SHARD_COUNT: '1', LIMIT_CONCURRENT_PER_USER: '2' },
    emulator: { validateOpenApi: false },
  });
  try {
    const bot = await cluster.spawn();
    const peak = sampleRss(bot);
    const burst = Array.from({ length: BURST }, (_, i) =>
      cluster.emulator.invokeCommand('burst', 'general', 'imagine', { prompt: `burst ${i}` }),
    );
    await Promise.all(burst.map((h) => h.waitForResponse({ timeoutMs: 30_000 }).catch(() => undefined)));
    const records = new Map(cluster.emulator.interactions().map((r) => [r.id, r]));
    const acks = burst.flatMap((h) => {
      const record = records.get(h.id);
      return record?.response ? [record.response.at - record.createdAt] : [];
    });
    const late = cluster.emulator.calls.filter((c) => c.code === 10062).length;
    await Promise.all(
      burst.map((h) => h.reply({ until: (m) => done(m.data.content), timeoutMs: 300_000 }).catch(() => undefined)),
    );
    console.log(
      `${label.padEnd(11)} ack of ${BURST} simultaneous /imagine: p50 ${percentile(acks, 50).toFixed(0)} ms, p99 ${percentile(acks, 99).toFixed(0)} ms, max ${Math.max(...acks).toFixed(0)} ms; answered after 3 s: ${late}; bot RSS peak ${peak().toFixed(0)} MiB`,
    );
  } finally {
    await cluster.close();
  }
}

const server = await startThrowawayPostgres();
try {
  if (runPart('failover')) await failoverRun(server);
  if (runPart('ack')) {
    console.log(`\n== one process, SQLite and PostgreSQL side by side`);
    await ackRun('SQLite', undefined);
    await ackRun('PostgreSQL', await newDatabase(server));
  }
} finally {
  await server.stop();
}
