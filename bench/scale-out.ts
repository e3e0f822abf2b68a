/**
 * Scale-out benchmark (not a test: it prints figures and asserts nothing).
 *
 *   npm run bench:scale-out                      # 3 processes at Stability's real quota (150 per 10 s), ~6 minutes
 *   npm run bench:scale-out -- --processes 2 --jobs 2000
 *   npm run bench:scale-out -- --scaled          # the quota scaled 10× (150 per 1 s): CPU-bound on 2 cores
 *   npm run bench:scale-out -- --only ack        # just the single-process SQLite / PostgreSQL comparison
 *
 * Part 1: N bot processes (shard i of N each) on one PostgreSQL against the Discord emulator (six servers) and the
 * fake Stability server in its own process, which enforces the quota (a request over it gets a 429 and a lockout,
 * like Stability). Jobs from 60 members saturate the quota; two windows after the first half is queued, the
 * dispatcher is killed with SIGKILL and the second half arrives at the other processes. Figures: most requests in any
 * window, 429s, utilisation while saturated, the takeover time and the quota used across it, jobs lost, jobs sent
 * twice, acknowledgement latency before and right after the takeover.
 *
 * Part 2: one bot process, on SQLite and then on PostgreSQL: the ack latency of 500 simultaneous /imagine and the
 * process's peak memory while it works through them.
 *
 * PostgreSQL is a throwaway cluster of its own (test/helpers/postgres-cluster.ts), as in the tests.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EmulatorChannel, InteractionHandle } from '@imagine-bot/discord-emulator';
import pg from 'pg';
import { maxRequestsInWindow } from '../test/fakes/stability-server.js';
import { spawnFakeStabilityServer } from '../test/fakes/stability-server-process.js';
import type { BotProcess } from '../test/helpers/bot-process.js';
import { type Cluster, logLines, startCluster, submitInBatches, waitForOutput } from '../test/helpers/cluster.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/helpers/postgres-cluster.js';

const { values: args } = parseArgs({
  options: {
    processes: { type: 'string', default: '3' },
    jobs: { type: 'string' },
    members: { type: 'string', default: '60' },
    burst: { type: 'string', default: '500' },
    scaled: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const values = { ...args, real: !args.scaled };
const PROCESSES = Number(values.processes);
// Enough that the backlog left once the first half is queued outlasts two full windows of sending.
const JOBS = Number(values.jobs ?? (values.real ? 1500 : 3000));
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

/** When each accepted job's acknowledgement arrived (epoch ms): from then it waits in the shared queue. */
const acks: number[] = [];

/** Submits in acknowledged batches of 100 (busy servers' members), noting when each was acknowledged. */
const submit = (makers: (() => InteractionHandle)[]) =>
  submitInBatches(makers, { batch: 100, unansweredOk: true, onAnswered: () => acks.push(Date.now()) });

/**
 * The longest stretch before `end` in which at least a window's worth of accepted jobs waited unsent at every call
 * (so only the pacer held them back), and the calls in it. Utilisation is measured there, not over the ramp-up.
 */
function saturatedStretch(callTimes: readonly number[], end: number, quota: number) {
  const acked = [...acks].sort((a, b) => a - b);
  let best = { from: 0, to: 0, calls: 0 };
  let from: number | undefined;
  let count = 0;
  let a = 0;
  const sorted = [...callTimes].filter((t) => t < end).sort((x, y) => x - y);
  sorted.forEach((t, i) => {
    while (a < acked.length && (acked[a] ?? Number.POSITIVE_INFINITY) <= t) a++;
    if (a - i >= quota) {
      from ??= t;
      count++;
      if (t - from > best.to - best.from) best = { from, to: t, calls: count };
    } else {
      from = undefined;
      count = 0;
    }
  });
  return best;
}

const botEnv = {
  STABILITY_RATE_LIMIT: '145',
  STABILITY_RATE_WINDOW_MS: String(windowMs),
  // Scaled with the window (100 ms of 10 s by default): an unscaled allowance alone would cap the scaled run at
  // 145 per 1.1 s, 0.88 of the quota.
  STABILITY_RATE_JITTER_MS: String(windowMs / 100),
  STABILITY_LOCKOUT_MS: String(lockoutMs),
  LIMIT_QUEUED_PER_USER: '5000',
  LIMIT_JOBS_PER_HOUR: '50000',
  BALANCE_CHECK_INTERVAL_MS: '0',
};

/** Acknowledgement times of `handles` (ms from the interaction to the bot's first callback; ∞ when never in time). */
function ackTimes(cluster: Cluster, handles: readonly InteractionHandle[]): number[] {
  const records = new Map(cluster.emulator.interactions().map((r) => [r.id, r]));
  return handles.map((h) => {
    const record = records.get(h.id);
    return record?.response ? record.response.at - record.createdAt : Number.POSITIVE_INFINITY;
  });
}

const shown = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'never (after 3 s)');
const ackLine = (times: readonly number[]) =>
  `p50 ${shown(percentile(times, 50))}, p99 ${shown(percentile(times, 99))}; not answered within 3 s: ${times.filter((t) => t > 3_000).length}`;

/**
 * The fake Stability in its own process, as Stability is: the emulator's bursts in this one must not delay (and so
 * bunch) the arrival times its quota counts.
 */
const startFake = () =>
  spawnFakeStabilityServer([
    ...['--quota-limit', String(QUOTA), '--quota-window-ms', String(windowMs), '--quota-lockout-ms', String(lockoutMs)],
    ...['--latency-ms', String(latencyMs), '--balance', '100000000'],
  ]);

async function failoverRun(server: ThrowawayPostgres): Promise<void> {
  const fake = await startFake();
  const cluster = await startCluster({
    databaseUrl: await newDatabase(server),
    extraGuilds: 5,
    members: MEMBERS,
    env: {
      ...botEnv,
      DISCORD_SHARD_COUNT: String(PROCESSES),
      STABILITY_API_URL: fake.url,
      STABILITY_API_KEY: fake.apiKey,
    },
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
    const t0 = Date.now();
    const half = Math.floor(JOBS / 2);
    const firstHalf = await submit(Array.from({ length: half }, (_, i) => make(i, channels)));
    const submittedAt = Date.now();
    // Two windows of sending with the whole first half queued, then the dispatcher dies.
    await new Promise((resolve) => setTimeout(resolve, 2 * windowMs));
    const killedAt = Date.now();
    await first.kill('SIGKILL');
    const successor = await Promise.race(
      bots.slice(1).map((bot) => waitForOutput(bot, /took over the queue/, 60_000).then(() => bot)),
    );
    const took = logLines(successor).find((l) => l.msg === 'took over the queue: dispatching');
    const takeoverMs = Number(took?.time ?? Number.NaN) - killedAt;
    const secondHalf = await submit(Array.from({ length: JOBS - half }, (_, i) => make(half + i, others)));
    const handles = [...firstHalf, ...secondHalf];
    const accepted = handles.filter((h) => h.original() !== undefined || h.followUps().length > 0);
    const finals = await Promise.all(
      accepted.map((h) =>
        h
          .reply({ until: (m) => done(m.data.content), timeoutMs: values.real ? 900_000 : 300_000 })
          .catch(() => undefined),
      ),
    );
    const busySeconds = (Date.now() - t0) / 1000;
    const calls = (await fake.requests()).filter((r) => r.path.startsWith('/v2beta'));
    const times = calls.map((r) => r.receivedAt);
    const stretch = saturatedStretch(times, killedAt, QUOTA);
    // Whole windows only: the pacer keeps any one window to 145, but a part of one may hold all of them.
    const windows = Math.floor((stretch.to - stretch.from) / windowMs);
    const inWindows = times.filter((t) => t >= stretch.from && t < stretch.from + windows * windowMs).length;
    const utilisation = windows >= 1 ? (inWindows / windows / QUOTA).toFixed(3) : 'n/a (never saturated for a window)';
    // Across the takeover: the two windows from the kill on, while the backlog lasted.
    const across = times.filter((t) => t >= killedAt && t < killedAt + 2 * windowMs).length;
    const backlogAtKill = acks.filter((t) => t < killedAt).length - times.filter((t) => t < killedAt).length;
    const gapStart = Math.max(...times.filter((t) => t < killedAt));
    const gapEnd = Math.min(...times.filter((t) => t > killedAt));
    const interrupted = finals.filter((m) => m?.data.content.startsWith('❌')).length;
    const lost = finals.filter((m) => m === undefined).length;
    // A 429 proves nothing ran, so a call sent again after one is not a call sent twice.
    const ran = new Map<string, number>();
    for (const call of calls) if (call.status !== 429) ran.set(call.fingerprint, (ran.get(call.fingerprint) ?? 0) + 1);
    const twice = [...ran.values()].filter((n) => n > 1).length;
    console.log(`
== ${PROCESSES} processes on one PostgreSQL, quota ${QUOTA} per ${windowMs} ms at the fake (its own process; bots pace at 145), answers in ${latencyMs} ms
jobs: ${handles.length} submitted, ${accepted.length} accepted, done in ${busySeconds.toFixed(1)} s (first half submitted after ${((submittedAt - t0) / 1000).toFixed(1)} s)
Stability requests: ${calls.length}; 429s: ${calls.filter((r) => r.status === 429).length}
most requests in any ${windowMs} ms window: ${maxRequestsInWindow(times, windowMs)} of ${QUOTA}
utilisation while saturated (≥ ${QUOTA} accepted jobs waiting, before the kill): ${utilisation} of the quota (${inWindows} requests in ${windows} whole window${windows === 1 ? '' : 's'}; the pacer's ceiling: 145 of ${QUOTA} = ${(145 / QUOTA).toFixed(3)})
failover: SIGKILL → successor took over the queue in ${takeoverMs} ms; the two windows from the kill on carried ${across} requests = ${(across / 2 / QUOTA).toFixed(3)} of the quota (backlog at the kill: ${backlogAtKill} jobs); longest silence at Stability around it ${gapEnd - gapStart} ms
jobs lost (accepted, no final state within the deadline): ${lost}; interrupted (running on the killed process, never resent): ${interrupted}
jobs sent twice (a fingerprint that ran more than once at the fake): ${twice}
acks, first half (${PROCESSES} processes): ${ackLine(ackTimes(cluster, firstHalf))}
acks, second half (right after the takeover, ${PROCESSES - 1} processes): ${ackLine(ackTimes(cluster, secondHalf))}
Discord emulator violations: ${cluster.emulator.violations.length}`);
  } finally {
    await cluster.close();
    await fake.close();
  }
}

async function ackRun(label: string, databaseUrl: string | undefined): Promise<void> {
  const fake = await startFake();
  const cluster = await startCluster({
    ...(databaseUrl ? { databaseUrl } : {}),
    members: ['burst'],
    env: {
      ...botEnv,
      STABILITY_API_URL: fake.url,
      STABILITY_API_KEY: fake.apiKey,
      DISCORD_SHARD_COUNT: '1',
      // Twenty at a time so the burst drains at the quota's pace (what is measured is the acknowledgements).
      LIMIT_CONCURRENT_PER_USER: '20',
    },
    emulator: { validateOpenApi: false },
  });
  try {
    const bot = await cluster.spawn();
    const peak = sampleRss(bot);
    const burst = Array.from({ length: BURST }, (_, i) =>
      cluster.emulator.invokeCommand('burst', 'general', 'imagine', { prompt: `burst ${i}` }),
    );
    await Promise.all(burst.map((h) => h.waitForResponse({ timeoutMs: 30_000 }).catch(() => undefined)));
    const times = ackTimes(cluster, burst);
    // Memory is sampled while the bot works through what it acknowledged (a job it never answered was cancelled).
    const acknowledged = burst.filter((_, i) => Number.isFinite(times[i]));
    await Promise.all(
      acknowledged.map((h) =>
        h.reply({ until: (m) => done(m.data.content), timeoutMs: 300_000 }).catch(() => undefined),
      ),
    );
    console.log(
      `${label.padEnd(11)} ack of ${BURST} simultaneous /imagine: ${ackLine(times)}; bot RSS peak ${peak().toFixed(0)} MiB`,
    );
  } finally {
    await cluster.close();
    await fake.close();
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
