import { maxRequestsInWindow } from '../../test/fakes/stability-server.js';
import { spawnFakeStabilityServer } from '../../test/fakes/stability-server-process.js';
import { startFaultBot } from '../harness/bot-env.js';
import { imagineBurst, memberNames } from '../harness/burst.js';
import { answerOf } from '../harness/responses.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { pooled } from '../harness/wait.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { isUnacknowledged } from '../invariants/jobs.js';
import { tallyJobs } from '../invariants/problems.js';
import { createTally, type Probe } from '../probe.js';

const LIMIT = 20;
const WINDOW_MS = 200;
const JOBS = 500;
const IMAGES = 4;
const USERS = 40;
const ARRIVING = 20;

/**
 * Issue 13 item 8: the fake Stability in its own process with a quota of 20 requests per 200 ms (and a lockout
 * above it), the pacer set to the same 20 per 200 ms, and 2,000 calls from 40 members: not one 429, and no 200 ms
 * window (as the server counts arrivals) over 20.
 */
export const tightQuota: Probe = {
  name: 'tight-quota',
  summary: `${JOBS * IMAGES} calls against a fake in its own process with a quota of ${LIMIT} per ${WINDOW_MS} ms`,
  async run(ctx) {
    const tally = createTally();
    const fake = await spawnFakeStabilityServer([
      '--quota-limit',
      String(LIMIT),
      '--quota-window-ms',
      String(WINDOW_MS),
      '--quota-lockout-ms',
      '1000',
      '--balance',
      '100000000',
      '--latency-ms',
      '30',
    ]);
    const users = memberNames(USERS - 2);
    try {
      const bot = await startFaultBot(ctx.outputs, 'tight-quota', {
        extraUsers: users.slice(2),
        env: {
          IMAGE_BACKEND: 'stability',
          STABILITY_API_KEY: fake.apiKey,
          STABILITY_API_URL: fake.url,
          STABILITY_RATE_LIMIT: String(LIMIT),
          STABILITY_RATE_WINDOW_MS: String(WINDOW_MS),
          LIMIT_QUEUED_PER_USER: '100',
          LIMIT_JOBS_PER_HOUR: '10000',
          LOG_LEVEL: 'info',
        },
      });
      try {
        const { emulator, app } = bot.env;
        const started = Date.now();
        // Members keep arriving (20 commands in the air at a time) while the queue drains at the quota's pace.
        const answers = await pooled(JOBS, ARRIVING, async (n) => {
          const [handle] = imagineBurst(emulator, ctx.random, {
            users: [users[n % users.length] ?? 'alice'],
            count: 1,
            firstTag: n,
            images: IMAGES,
          }).handles;
          return handle ? answerOf(handle) : { type: 0, ephemeral: false, content: '' };
        });
        const refused = answers.filter((a) => a.type !== 0 && (a.type !== 4 || a.ephemeral)).length;
        if (refused > 0) tally.invariant(`${refused} of ${JOBS} /imagine were refused`);
        const jobs = await settle(app.db, emulator, 150_000);
        const seconds = (Date.now() - started) / 1000;
        const requests = await fake.requests();
        const ledger = await fake.ledger();
        const charges = new Map<number, number>();
        for (const entry of ledger.entries)
          charges.set(entry.requestIndex, (charges.get(entry.requestIndex) ?? 0) + entry.credits);
        const limited = requests.filter((r) => r.status === 429).length;
        if (limited > 0) tally.invariant(`${limited} requests answered 429`);
        const peak = maxRequestsInWindow(
          requests.map((r) => r.receivedAt),
          WINDOW_MS,
        );
        if (peak > LIMIT) tally.invariant(`${peak} requests arrived within one ${WINDOW_MS} ms window`);
        // On a starved machine a few acknowledgements miss Discord's 3 s; those jobs are cancelled before any call.
        const problems = await visibilityProblems(app.db, emulator, jobs, isUnacknowledged);
        const calls = checkCalls(jobs, requests, (i) => charges.get(i) ?? 0);
        tallyJobs(tally, jobs, [...problems, ...calls.problems]);
        const rate = (requests.length / seconds).toFixed(0);
        return tally.result(
          `${limited}×429, peak ${peak}/${LIMIT} per ${WINDOW_MS} ms, ${rate} req/s; ${describeFigures(calls.figures)}`,
        );
      } finally {
        await bot.close();
      }
    } finally {
      await fake.close();
    }
  },
};
