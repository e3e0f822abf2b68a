import { MAX_SEED } from '../../src/stability/models.js';
import type { FakeFailure } from '../../test/fakes/stability-server.js';
import { startFaultBot } from '../harness/bot-env.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { tallyJobs } from '../invariants/problems.js';
import { tagFor, tagOf } from '../invariants/tags.js';
import { createTally, type Probe } from '../probe.js';

/** What the fake Stability can do to one paid call instead of answering it (`undefined`: it answers). */
const FAULTS: readonly (FakeFailure | undefined)[] = [
  500,
  502,
  503,
  504,
  'hang',
  'reset-before-headers',
  'reset-after-headers',
  413,
  'not-an-image',
  // Most calls in life succeed: the mix keeps some, so partial successes of multi-image jobs are tried too.
  undefined,
  undefined,
  undefined,
];
const JOBS = 24;
const STORM_JOBS = 4;
const STORM_429S = 6;
const TIMEOUT_MS = 1_500;

/**
 * Stability answering 5xx, never answering (the bot's timeout), dropping the connection before and after the
 * headers, 413, a 200 that is no image, and a storm of 429s: every job ends with a message, a 429 never fails one,
 * no call is sent twice, and every charge is recorded (or estimated, and marked so, where it cannot be known).
 */
export const stabilityFaults: Probe = {
  name: 'stability-faults',
  summary: 'Stability 5xx, timeouts, resets before/after headers, 413, not-an-image, 429 storm',
  async run(ctx) {
    const tally = createTally();
    const bot = await startFaultBot(ctx.outputs, 'stability-faults', {
      backend: 'stability',
      env: {
        STABILITY_TIMEOUT_MS: String(TIMEOUT_MS),
        STABILITY_LOCKOUT_MS: '300',
        LIMIT_QUEUED_PER_USER: '50',
        LIMIT_JOBS_PER_HOUR: '1000',
      },
    });
    try {
      const { emulator, stability, app } = bot.env;
      if (!stability) throw new Error('the fake Stability did not start');
      const counts = new Map<string, number>();
      // One job at a time, so the failures programmed for it are the ones its calls meet.
      for (let n = 0; n < JOBS; n++) {
        const count = ctx.random.int(1, 3);
        const faults = Array.from({ length: count }, () => ctx.random.pick(FAULTS));
        for (const fault of faults) {
          const key = fault === undefined ? 'ok' : String(fault);
          counts.set(key, (counts.get(key) ?? 0) + 1);
          if (fault !== undefined) stability.control.failNext(fault);
        }
        const seed = ctx.random.int(1, MAX_SEED - 4);
        const handle = emulator.invokeCommand(ctx.random.pick(['alice', 'bob']), 'general', 'imagine', {
          prompt: `a lighthouse in a storm ${tagFor(n)}`,
          seed,
          count,
        });
        await handle.waitForResponse({ timeoutMs: 5_000 });
        await settle(app.db, emulator, 20_000);
      }
      // The storm: six 429s in a row, then four jobs that must all succeed once the lockouts pass.
      stability.control.failNext(429, { count: STORM_429S });
      const storm = Array.from({ length: STORM_JOBS }, (_, i) =>
        emulator.invokeCommand(i % 2 ? 'alice' : 'bob', 'general', 'imagine', {
          prompt: `a lighthouse in a storm ${tagFor(JOBS + i)}`,
          seed: ctx.random.int(1, MAX_SEED - 4),
        }),
      );
      await Promise.all(storm.map((h) => h.waitForResponse({ timeoutMs: 5_000 })));
      const jobs = await settle(app.db, emulator, 30_000);
      const problems = await visibilityProblems(app.db, emulator, jobs);
      const stormTags = new Set(Array.from({ length: STORM_JOBS }, (_, i) => tagFor(JOBS + i)));
      for (const job of jobs.filter((j) => stormTags.has(tagOf(j.params.prompt) ?? ''))) {
        if (job.state !== 'succeeded') {
          problems.push({ jobId: job.id, text: `429 storm: job ${job.id} ended ${job.state}: ${job.error}` });
        }
      }
      const stormed = stability.requests.filter((r) => r.status === 429).length;
      if (stormed < STORM_429S) tally.invariant(`only ${stormed} of ${STORM_429S} programmed 429s were met`);
      const calls = checkCalls(jobs, stability.requests, (i) => stability.ledger.chargedFor(i));
      tallyJobs(tally, jobs, [...problems, ...calls.problems]);
      const mix = [...counts].map(([k, v]) => `${k}×${v}`).join(' ');
      for (const violation of bot.violations()) tally.invariant(violation);
      return tally.result(`${describeFigures(calls.figures)}; ${stormed}×429; faults ${mix}`);
    } finally {
      await bot.close();
    }
  },
};
