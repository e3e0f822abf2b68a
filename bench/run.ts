/**
 * The hot-path benchmark (not a test: it prints figures and asserts nothing). README "Benchmarks".
 *
 *   npm run bench                       # every figure beside the floor, about 8 minutes
 *   npm run bench -- --only floor,load  # some parts: floor, traffic, waiting, image
 *   npm run bench -- --processes 3      # the scale-out benchmark instead (bench/scale-out.ts, same flags)
 *
 * Everything runs on this machine: the Discord emulator in this process, the fake Stability server in its own
 * process (it enforces Stability's quota, 150 per 10 s, with a 429 and a lockout past it), and the bot as its own
 * process on SQLite, as `npm start` runs it. The floor is bench/floor-client.ts — a bare discord.js client that defers
 * every interaction at once — on the same emulator, measured in the same run, so each figure is printed beside it with
 * the ratio. Absolute times on two shared cores are noisy; the ratios are what to compare between runs.
 *
 *   floor    idle RSS, ack of 100 /imagine a second for 10 s, ack of 500 at once (the floor client)
 *   traffic  the same for the bot at Stability's real quota into a growing queue; quota use while saturated; SIGTERM
 *            with the window full; restart with the queue still waiting (serving, dispatching); REST calls per
 *            delivered job once every job is delivered
 *   waiting  the bot with dispatch held (Stability never answers): ack latency and CPU per second at 100, 1,000 and
 *            10,000 waiting jobs, and memory per waiting job
 *   image    per-image overhead (bench/image-overhead.ts)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { InteractionHandle } from '@imagine-bot/discord-emulator';
import { maxRequestsInWindow } from '../test/fakes/stability-server.js';
import { type FakeStabilityProcess, spawnFakeStabilityServer } from '../test/fakes/stability-server-process.js';
import { spawnBot } from '../test/helpers/bot-process.js';
import { type Cluster, logLines, startCluster, submitInBatches } from '../test/helpers/cluster.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/.bin/tsx');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const parts = new Set((values.only ?? 'floor,traffic,waiting,image').split(','));
  // The bot runs as `npm start` runs it, from the build: a TypeScript loader would add its own start-up and memory.
  if (parts.has('traffic') || parts.has('waiting'))
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const rows: Row[] = [];
  const floor = parts.has('floor') ? await floorRun() : undefined;
  if (parts.has('traffic')) rows.push(...(await trafficRun(floor)));
  if (parts.has('waiting')) rows.push(...(await waitingRun()));
  if (parts.has('image')) rows.push(imageRun());
  printTable(rows);
}

// ---------------------------------------------------------------- figures

interface Row {
  figure: string;
  floor?: string;
  bot: string;
  ratio?: number;
  goal: string;
}

interface FloorFigures {
  idleMiB: number;
  rate: number[];
  burst: number[];
}

const WINDOW_MS = 10_000;
const QUOTA = 150;
const RATE = 100;
const RATE_SECONDS = 10;
const BURST = 500;
const MEMBERS = Array.from({ length: 200 }, (_, i) => `member${i}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const done = (content: string) => /^(✅|❌|🚫|✖)/.test(content);

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'never');
/** Answers Discord would have refused (after its 3 s): the member saw "This interaction failed". */
const late = (samples: readonly number[]) => {
  const n = samples.filter((t) => !Number.isFinite(t)).length;
  return n > 0 ? `; ${n} of ${samples.length} not answered within 3 s` : '';
};
const pair = (samples: readonly number[]) => `${ms(percentile(samples, 50))} / ${ms(percentile(samples, 99))}`;

function rssMiB(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The median of RSS samples over two seconds, so one sample just before a collection does not decide it. */
async function settledRss(pid: number | undefined): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 9; i++) {
    samples.push(rssMiB(pid));
    await sleep(250);
  }
  return percentile(samples, 50);
}

/** CPU time the process has used (user + system). @unit milliseconds */
function cpuMs(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are the stat file's 14th and 15th fields, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Sends `count` interactions at `perSecond` (all at once when undefined) and resolves with each one's ack latency:
 * from its dispatch to the bot's first callback, as this process sees both.
 */
async function timedAcks(count: number, make: (i: number) => InteractionHandle, perSecond?: number) {
  const latencies: Promise<number>[] = [];
  const handles: InteractionHandle[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    if (perSecond !== undefined) {
      const wait = t0 + (i * 1000) / perSecond - performance.now();
      if (wait > 1) await sleep(wait);
    }
    const sent = performance.now();
    const handle = make(i);
    handles.push(handle);
    latencies.push(
      handle.waitForResponse({ timeoutMs: 30_000 }).then(
        () => performance.now() - sent,
        () => Number.POSITIVE_INFINITY,
      ),
    );
  }
  return { handles, latencies: await Promise.all(latencies) };
}

const imagine = (cluster: Cluster, prefix: string) => (i: number) =>
  cluster.emulator.invokeCommand(MEMBERS[i % MEMBERS.length]!, 'general', 'imagine', { prompt: `${prefix} ${i}` });

const ratioOf = (bot: number, floor: number | undefined) =>
  floor !== undefined && floor > 0 && Number.isFinite(bot) ? bot / floor : undefined;

function printTable(rows: readonly Row[]): void {
  const header = ['figure', 'floor', 'this bot', 'ratio', 'goal'];
  const cells = rows.map((r) => [
    r.figure,
    r.floor ?? '—',
    r.bot,
    r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
    r.goal,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

// ---------------------------------------------------------------- worlds

const fakeAtQuota = () =>
  spawnFakeStabilityServer([
    ...['--quota-limit', String(QUOTA), '--quota-window-ms', String(WINDOW_MS), '--quota-lockout-ms', '60000'],
    ...['--latency-ms', '600', '--balance', '100000000'],
  ]);

/** The bot from its build, left for the cluster to kill at its close. */
async function spawnBuilt(cluster: Cluster) {
  const bot = await spawnBot(cluster.services, {}, { build: true });
  cluster.bots.push(bot);
  return bot;
}

function botWorld(fake: FakeStabilityProcess, env: Record<string, string> = {}): Promise<Cluster> {
  return startCluster({
    members: [...MEMBERS, 'probe'],
    emulator: { validateOpenApi: false },
    env: {
      STABILITY_API_URL: fake.url,
      STABILITY_API_KEY: fake.apiKey,
      DISCORD_SHARD_COUNT: '1',
      LIMIT_QUEUED_PER_USER: '5000',
      LIMIT_JOBS_PER_HOUR: '50000',
      BALANCE_CHECK_INTERVAL_MS: '0',
      ...env,
    },
  });
}

async function floorRun(): Promise<FloorFigures> {
  console.log('== floor: a bare discord.js client on the same emulator');
  const cluster = await startCluster({ members: MEMBERS, emulator: { validateOpenApi: false } });
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bench/floor-client.mjs')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...cluster.services.processEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('floor ready') && resolve());
      child.once('exit', () => reject(new Error('the floor client exited before it was ready')));
    });
    await sleep(3_000);
    const idleMiB = await settledRss(child.pid);
    const rate = (await timedAcks(RATE * RATE_SECONDS, imagine(cluster, 'floor rate'), RATE)).latencies;
    await sleep(2_000);
    const burst = (await timedAcks(BURST, imagine(cluster, 'floor burst'))).latencies;
    console.log(`idle RSS ${idleMiB.toFixed(0)} MiB; ${RATE}/s acks ${pair(rate)}; burst acks ${pair(burst)}`);
    return { idleMiB, rate, burst };
  } finally {
    child.kill('SIGTERM');
    await cluster.close();
  }
}

/** The bot at Stability's real quota: acknowledgements, quota use, SIGTERM, restart, REST calls per job. */
async function trafficRun(floor: FloorFigures | undefined): Promise<Row[]> {
  console.log('== traffic: the bot at the real quota (150 per 10 s at the fake, paced at 145), answers in 600 ms');
  const fake = await fakeAtQuota();
  const cluster = await botWorld(fake);
  const restCalls = new Map<string, number>();
  cluster.emulator.events.on('call', (call) =>
    restCalls.set(call.name ?? '?', (restCalls.get(call.name ?? '?') ?? 0) + 1),
  );
  try {
    let bot = await spawnBuilt(cluster);
    await sleep(3_000);
    const idleMiB = await settledRss(bot.child.pid);
    const burst = await timedAcks(BURST, imagine(cluster, 'burst'));
    await sleep(2_000);
    const rate = await timedAcks(RATE * RATE_SECONDS, imagine(cluster, 'rate'), RATE);
    console.log(
      `idle RSS ${idleMiB.toFixed(0)} MiB; burst acks ${pair(burst.latencies)}; ${RATE}/s acks ${pair(rate.latencies)}`,
    );

    // Saturated from here: over a thousand jobs wait, far more than a window's worth.
    const from = Date.now();
    await sleep(3 * WINDOW_MS + 200);
    const calls = (await fake.requests()).filter((r) => r.path.startsWith('/v2beta'));
    const inWindows = calls.filter((r) => r.receivedAt >= from && r.receivedAt < from + 3 * WINDOW_MS).length;
    const use = inWindows / 3 / QUOTA;
    console.log(
      `quota use over 3 windows with the backlog full: ${inWindows} requests = ${use.toFixed(3)} of ${QUOTA} per window`,
    );

    // SIGTERM with the pacer's window full and the backlog waiting.
    const termAt = performance.now();
    await bot.kill('SIGTERM');
    const stopMs = performance.now() - termAt;
    const waitingAtStop = await waitingCount(fake, [...burst.handles, ...rate.handles]);
    console.log(`SIGTERM → exit ${ms(stopMs)} with ${waitingAtStop} waiting`);

    // Restart once the window has passed, so the first dispatch shows the bot's own delay, not the quota's.
    await sleep(WINDOW_MS);
    const spawnedAt = Date.now();
    bot = await spawnBuilt(cluster);
    const startedAt = Number(logLines(bot).find((l) => l.msg === 'bot started')?.time ?? Number.NaN);
    const probe = await timedAcks(1, () =>
      cluster.emulator.invokeCommand('probe', 'general', 'imagine', { prompt: 'after restart' }),
    );
    const servedAt = Date.now();
    const dispatchedAt = await firstCallAfter(fake, spawnedAt);
    console.log(
      `restart with ${waitingAtStop} waiting: "bot started" ${startedAt - spawnedAt} ms after spawn; first command answered ${servedAt - spawnedAt} ms after spawn (ack ${ms(probe.latencies[0] ?? Number.NaN)}); first dispatch ${dispatchedAt - spawnedAt} ms after spawn`,
    );

    // Only acknowledged ones: a job Discord refused the answer to (after 3 s) was cancelled and never draws a reply.
    const all = [...burst.handles, ...rate.handles, ...probe.handles].filter((h) => h.original() !== undefined);
    const finals = await Promise.all(
      all.map((h) => h.reply({ until: (m) => done(m.data.content), timeoutMs: 600_000 }).catch(() => undefined)),
    );
    const delivered = finals.filter((m) => m?.data.content.startsWith('✅')).length;
    const total = [...restCalls.values()].reduce((a, b) => a + b, 0);
    const byName = [...restCalls.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([n, c]) => `${n} ${c}`)
      .join(', ');
    console.log(`REST calls: ${total} for ${delivered} delivered of ${all.length} acknowledged (${byName})`);
    const allCalls = (await fake.requests()).filter((r) => r.path.startsWith('/v2beta'));
    const most = maxRequestsInWindow(
      allCalls.map((r) => r.receivedAt),
      WINDOW_MS,
    );
    const tooMany = allCalls.filter((r) => r.status === 429).length;
    await bot.kill('SIGTERM');

    return [
      {
        figure: 'idle RSS',
        ...(floor ? { floor: `${floor.idleMiB.toFixed(0)} MiB` } : {}),
        bot: `${idleMiB.toFixed(0)} MiB`,
        ...opt(ratioOf(idleMiB, floor?.idleMiB)),
        goal: '≤ 1.25×',
      },
      ackRow(
        `ack p50 / p99, ${RATE} a second for ${RATE_SECONDS} s into a growing queue`,
        rate.latencies,
        floor?.rate,
        'p99 ≤ 2× and ≤ 250 ms',
      ),
      ackRow(`ack p50 / p99, ${BURST} at once`, burst.latencies, floor?.burst, 'p99 ≤ 1.3×'),
      {
        figure: 'REST calls per delivered job',
        bot: `${(total / Math.max(1, delivered)).toFixed(2)} (${delivered} delivered)`,
        goal: '1 to acknowledge',
      },
      {
        figure: 'restart with the queue waiting: serving / dispatching',
        bot: `${servedAt - spawnedAt} / ${dispatchedAt - spawnedAt} ms after spawn (${waitingAtStop} waiting)`,
        goal: '≤ 2 s',
      },
      { figure: 'SIGTERM with the window full', bot: `${ms(stopMs)} (${waitingAtStop} waiting)`, goal: '≤ 60 s' },
      {
        figure: 'quota use while saturated (3 windows)',
        bot: `${use.toFixed(3)} of 150 per 10 s; most in a window ${most}; ${tooMany}×429`,
        goal: '≥ 0.95, no 429',
      },
    ];
  } finally {
    await cluster.close();
    await fake.close();
  }
}

function opt(ratio: number | undefined): { ratio?: number } {
  return ratio === undefined ? {} : { ratio };
}

function ackRow(figure: string, bot: readonly number[], floor: readonly number[] | undefined, goal: string): Row {
  return {
    figure,
    ...(floor ? { floor: pair(floor) } : {}),
    bot: `${pair(bot)}${late(bot)}`,
    ...opt(floor ? ratioOf(percentile(bot, 99), percentile(floor, 99)) : undefined),
    goal,
  };
}

/** Accepted jobs not yet sent to Stability (each job here makes one call). */
async function waitingCount(fake: FakeStabilityProcess, handles: readonly InteractionHandle[]) {
  const accepted = handles.filter((h) => h.original() !== undefined).length;
  const sent = (await fake.requests()).filter((r) => r.path.startsWith('/v2beta') && r.status !== 429).length;
  return accepted - sent;
}

/** When the fake first saw a generation request after `after` (epoch ms), polling its log. */
async function firstCallAfter(fake: FakeStabilityProcess, after: number): Promise<number> {
  for (;;) {
    const first = (await fake.requests()).find((r) => r.path.startsWith('/v2beta') && r.receivedAt > after);
    if (first) return first.receivedAt;
    await sleep(50);
  }
}

/** The bot with dispatch held (Stability never answers): what waiting jobs cost it. */
async function waitingRun(): Promise<Row[]> {
  console.log('== waiting: dispatch held (Stability never answers), one job running per member');
  const fake = await spawnFakeStabilityServer(['--balance', '100000000']);
  const cluster = await botWorld(fake, { LIMIT_CONCURRENT_PER_USER: '1', STABILITY_TIMEOUT_MS: String(3_600_000) });
  try {
    const bot = await spawnBuilt(cluster);
    // Only once started: the balance check at start must be answered.
    await fake.setLatency(3_600_000);
    await sleep(3_000);
    const idleMiB = await settledRss(bot.child.pid);
    let submitted = 0;
    const sent = async () => (await fake.requests()).filter((r) => r.path.startsWith('/v2beta')).length;
    const levels: { level: number; waiting: number; acks: number[]; cpuPerSecond: number; rssMiB: number }[] = [];
    for (const level of [100, 1_000, 5_000, 10_000]) {
      // One job of each member runs (its call never answered); the rest wait behind the pacer and the slots.
      const more = Math.max(0, MEMBERS.length + level - (submitted - levels.length * 100));
      const start = submitted;
      await submitInBatches(
        Array.from({ length: more }, (_, i) => () => imagine(cluster, 'waiting')(start + i)),
        { batch: 100 },
      );
      submitted += more;
      await sleep(5_000);
      const rss = await settledRss(bot.child.pid);
      const waiting = submitted - (await sent());
      const cpu0 = cpuMs(bot.child.pid);
      const t0 = performance.now();
      // Probes from a member of their own at 20 a second: they queue too, as a newcomer's jobs would.
      const probes = await timedAcks(
        100,
        (i) => cluster.emulator.invokeCommand('probe', 'general', 'imagine', { prompt: `probe ${level} ${i}` }),
        20,
      );
      submitted += 100;
      await sleep(5_000);
      const cpuPerSecond = (cpuMs(bot.child.pid) - cpu0) / ((performance.now() - t0) / 1000);
      levels.push({ level, waiting, acks: probes.latencies, cpuPerSecond, rssMiB: rss });
      console.log(
        `${waiting} waiting: probe acks ${pair(probes.latencies)}; CPU ${cpuPerSecond.toFixed(0)} ms/s; RSS ${rss.toFixed(0)} MiB`,
      );
    }
    await bot.kill('SIGKILL');
    const base = levels[0]!;
    const at = (level: number) => levels.find((l) => l.level === level)!;
    const perJob = (hi: number, lo: number) =>
      ((at(hi).rssMiB - at(lo).rssMiB) * 1024) / (at(hi).waiting - at(lo).waiting);
    return [
      ...levels.map((l) => ({
        figure: `ack p50 / p99 and CPU, ${l.waiting} waiting`,
        bot: `${pair(l.acks)}; CPU ${l.cpuPerSecond.toFixed(0)} ms/s`,
        ratio: Math.max(percentile(l.acks, 99) / percentile(base.acks, 99), l.cpuPerSecond / base.cpuPerSecond),
        goal: '≤ 1.2× the 100-waiting row (ratio: the larger of p99 and CPU)',
      })),
      {
        figure: 'memory per waiting job',
        bot: `${perJob(1_000, 100).toFixed(1)} KiB (100 → 1,000), ${perJob(10_000, 1_000).toFixed(1)} KiB (1,000 → 10,000); ${at(5_000).waiting} waiting: +${(at(5_000).rssMiB - idleMiB).toFixed(0)} MiB over idle`,
        goal: '≤ 10 KiB; 5,000: ≤ +50 MiB',
      },
    ];
  } finally {
    await cluster.close();
    await fake.close();
  }
}

/** bench/image-overhead.ts in its own process: the median from Stability's answer to the upload's start. */
function imageRun(): Row {
  console.log('== image: per-image overhead');
  const output = execFileSync(tsx, [join(root, 'bench/image-overhead.ts'), '--iterations', '300'], {
    cwd: root,
    encoding: 'utf8',
  });
  process.stdout.write(output);
  const line = output.split('\n').find((l) => l.startsWith('answer → upload-ready')) ?? '';
  const median = /median ([\d.]+) ms/.exec(line)?.[1] ?? '?';
  return { figure: 'per-image overhead (1.5 MP PNG that fits), median', bot: `${median} ms`, goal: '≤ 10 ms' };
}

if (process.argv.includes('--processes')) {
  // The multi-process figures are bench/scale-out.ts's; this entry point only forwards to it.
  const child = spawn(tsx, [join(root, 'bench/scale-out.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.once('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}
