/**
 * Scheduler benchmark (not a test: it prints figures and asserts nothing).
 *
 *   npm run bench            # quota scaled 10× (150 per 1 s), about a minute
 *   npm run bench -- --real  # Stability's real quota, 150 per 10 s (about 4 minutes)
 *
 * The real bot runs as its own process against the Discord emulator and the fake Stability server, which enforces
 * the quota (a request over it gets a 429 and a lockout, like Stability). 2 000 jobs from mixed users go through the
 * real scheduler; then 500 `/imagine` arrive at once to measure how fast the bot acknowledges them.
 */
import { readFileSync } from 'node:fs';
import type { InteractionHandle } from '@imagine-bot/discord-emulator';
import { maxRequestsInWindow } from '../test/fakes/stability-server.js';
import { startLocalServices } from '../test/helpers/bot.js';
import { spawnBot } from '../test/helpers/bot-process.js';

const real = process.argv.includes('--real');
const windowMs = real ? 10_000 : 1_000;
const quota = 150;
const latencyMs = real ? 600 : 150;
const HEAVY_JOBS = 400;
const MEDIUM = Array.from({ length: 50 }, (_, i) => `medium${i}`);
const MEDIUM_JOBS = 30;
const LIGHT = Array.from({ length: 100 }, (_, i) => `light${i}`);
const ACK_BURST = 500;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Submits in acknowledged batches, as a busy server's members would (never more than `batch` unanswered). */
async function submit(makers: (() => InteractionHandle)[], batch = 50): Promise<InteractionHandle[]> {
  const handles: InteractionHandle[] = [];
  for (let i = 0; i < makers.length; i += batch) {
    const group = makers.slice(i, i + batch).map((make) => make());
    await Promise.all(group.map((h) => h.waitForResponse({ timeoutMs: 30_000 })));
    handles.push(...group);
  }
  return handles;
}

const done = (content: string) => /^(✅|❌|🚫|✖)/.test(content);

const services = await startLocalServices({
  backend: 'stability',
  stabilityLatencyMs: latencyMs,
  extraUsers: ['heavy', ...MEDIUM, ...LIGHT, 'burst'],
  env: {
    STABILITY_RATE_LIMIT: '145',
    STABILITY_RATE_WINDOW_MS: String(windowMs),
    STABILITY_LOCKOUT_MS: String(real ? 60_000 : 6_000),
    LIMIT_QUEUED_PER_USER: '2000',
    LIMIT_JOBS_PER_HOUR: '5000',
    LOG_LEVEL: 'warn',
  },
});
const fake = services.stability!;
fake.control.enforceQuota({ limit: quota, windowMs, lockoutMs: real ? 60_000 : 6_000 });
const { emulator } = services;
// spawnBot waits for the "bot started" info line, so the bot logs at info.
const bot = await spawnBot(services);
const pid = bot.child.pid ?? 0;
let peakRss = rssMiB(pid);
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, rssMiB(pid));
}, 250);

console.log(
  `quota ${quota} per ${windowMs} ms at the fake; bot paced at 145 per ${windowMs} ms; fake latency ${latencyMs} ms`,
);
const t0 = performance.now();
const heavy = await submit(
  Array.from(
    { length: HEAVY_JOBS },
    (_, i) => () => emulator.invokeCommand('heavy', 'general', 'imagine', { prompt: `heavy ${i}` }),
  ),
);
const medium = await submit(
  MEDIUM.flatMap((user) =>
    Array.from(
      { length: MEDIUM_JOBS },
      (_, i) => () => emulator.invokeCommand(user, 'art', 'imagine', { prompt: `${user} ${i}` }),
    ),
  ),
);
// Light users arrive while the backlog is deep: each has one job, and we note how many dispatches it waits.
const lightWaits: number[] = [];
const light: InteractionHandle[] = [];
for (const user of LIGHT) {
  const handle = emulator.invokeCommand(user, 'general', 'imagine', { prompt: `first of ${user}` });
  await handle.waitForResponse({ timeoutMs: 30_000 });
  const submittedAt = fake.requests.length;
  light.push(handle);
  void fake.waitForRequests(1).then(() => undefined);
  lightWaits.push(-submittedAt);
}
const submittedSeconds = (performance.now() - t0) / 1000;
const all = [...heavy, ...medium, ...light];
await Promise.all(all.map((h) => h.reply({ until: (m) => done(m.data.content), timeoutMs: real ? 900_000 : 300_000 })));
const busySeconds = (performance.now() - t0) / 1000;
const requests = fake.requests.filter((r) => r.path.startsWith('/v2beta'));
LIGHT.forEach((user, i) => {
  lightWaits[i] = (lightWaits[i] ?? 0) + requests.findIndex((r) => r.fields.prompt === `first of ${user}`);
});
const times = requests.map((r) => r.receivedAt);
const okCount = requests.filter((r) => r.status === 200).length;
// Saturated while the medium users still had work: together they ask for far more than the quota. Afterwards only
// the heavy user is left, and LIMIT_CONCURRENT_PER_USER (2) caps one user at 2 ÷ latency, by design.
const lastMedium = Math.max(...requests.map((r, i) => (String(r.fields.prompt).startsWith('medium') ? i : -1)));
const saturated = times.slice(0, lastMedium + 1);
const saturatedWindows = (Math.max(...saturated) - Math.min(...saturated)) / windowMs;
const tail = times.slice(lastMedium + 1);
const tailSeconds = tail.length > 1 ? (Math.max(...tail) - Math.min(...tail)) / 1000 : 0;

// 500 simultaneous /imagine: time from dispatch to the bot's first callback.
const ackStarts = new Map<string, number>();
const burst = Array.from({ length: ACK_BURST }, (_, i) => {
  const handle = emulator.invokeCommand('burst', 'general', 'imagine', { prompt: `burst ${i}` });
  ackStarts.set(handle.id, performance.now());
  return handle;
});
const acks = await Promise.all(
  burst.map((h) => h.waitForResponse({ timeoutMs: 30_000 }).then(() => performance.now() - (ackStarts.get(h.id) ?? 0))),
);
const late = emulator.calls.filter((c) => c.code === 10062).length;
await Promise.all(
  burst.map((h) => h.reply({ until: (m) => done(m.data.content), timeoutMs: real ? 900_000 : 300_000 })),
);
clearInterval(sampler);

console.log(`
jobs: ${all.length} (heavy ${HEAVY_JOBS}, ${MEDIUM.length}×${MEDIUM_JOBS} medium, ${LIGHT.length} light) in ${busySeconds.toFixed(1)} s (all submitted after ${submittedSeconds.toFixed(1)} s)
Stability requests: ${requests.length} (${okCount} answered 200)
most requests in any ${windowMs} ms window: ${maxRequestsInWindow(times, windowMs)} of ${quota} allowed
achieved requests per window ÷ quota while saturated: ${(saturated.length / saturatedWindows / quota).toFixed(3)} (${saturated.length} requests in ${((saturatedWindows * windowMs) / 1000).toFixed(1)} s; the bot paces at 145/150 = 0.967)
tail, heavy user alone at its own concurrency limit: ${tail.length} requests in ${tailSeconds.toFixed(1)} s
429s: ${requests.filter((r) => r.status === 429).length}
light users' first job, dispatches waited after submission: p50 ${percentile(lightWaits, 50)}, p99 ${percentile(lightWaits, 99)}, max ${Math.max(...lightWaits)} (backlog when they arrived: ${HEAVY_JOBS + MEDIUM.length * MEDIUM_JOBS} jobs)
ack latency, ${ACK_BURST} simultaneous /imagine: p50 ${percentile(acks, 50).toFixed(0)} ms, p99 ${percentile(acks, 99).toFixed(0)} ms, max ${Math.max(...acks).toFixed(0)} ms; 10062 (answered after 3 s): ${late}
bot RSS: peak ${peakRss.toFixed(0)} MiB, now ${rssMiB(pid).toFixed(0)} MiB
Discord emulator violations: ${emulator.violations.length}`);

await bot.kill('SIGTERM');
await services.close();
