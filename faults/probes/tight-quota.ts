import { maxRequestsInWindow } from '../../test/fakes/stability-server.js';
import { spawnFakeStabilityServer } from '../../test/fakes/stability-server-process.js';
import { startLocalServices } from '../../test/helpers/bot.js';
import { type BotProcess, spawnBot } from '../../test/helpers/bot-process.js';
import { collectOutputs, violationsOf } from '../harness/bot-env.js';
import { imagineBurst, memberNames } from '../harness/burst.js';
import { answerOf } from '../harness/responses.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { readStore } from '../harness/store-reader.js';
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
/** Commands in the air at once: members keep arriving while the queue drains at the quota's pace. */
const ARRIVING = 20;

/**
 * Issue 13 item 8: the fake Stability in its own process with a quota of 20 requests per 200 ms (and a lockout
 * above it), the bot in its own process with the pacer set to the same 20 per 200 ms (and its default jitter
 * allowance), and 2,000 calls from 40 members: not one 429, and no 200 ms window, as the server counts arrivals,
 * over 20.
 */
export const tightQuota: Probe = {
  name: 'tight-quota',
  summary: `${JOBS * IMAGES} calls, bot and fake each in its own process, quota and pacer ${LIMIT} per ${WINDOW_MS} ms`,
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
    const services = await startLocalServices({
      extraUsers: users.slice(2),
      env: {
        IMAGE_BACKEND: 'stability',
        STABILITY_API_KEY: fake.apiKey,
        STABILITY_API_URL: fake.url,
        STABILITY_RATE_LIMIT: String(LIMIT),
        STABILITY_RATE_WINDOW_MS: String(WINDOW_MS),
        LIMIT_QUEUED_PER_USER: '100',
        LIMIT_JOBS_PER_HOUR: '10000',
      },
    });
    let bot: BotProcess | undefined;
    try {
      bot = await spawnBot(services);
      const { emulator } = services;
      const started = Date.now();
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
      const reader = readStore(services.config.databasePath);
      try {
        const jobs = await settle(reader.db, emulator, 200_000);
        const seconds = (Date.now() - started) / 1000;
        const requests = await fake.requests();
        const ledger = await fake.ledger();
        const charges = new Map<number, number>();
        for (const entry of ledger.entries) {
          charges.set(entry.requestIndex, (charges.get(entry.requestIndex) ?? 0) + entry.credits);
        }
        const limited = requests.filter((r) => r.status === 429).length;
        if (limited > 0) tally.invariant(`${limited} requests answered 429`);
        const peak = maxRequestsInWindow(
          requests.map((r) => r.receivedAt),
          WINDOW_MS,
        );
        if (peak > LIMIT) tally.invariant(`${peak} requests arrived within one ${WINDOW_MS} ms window`);
        const problems = await visibilityProblems(reader.db, emulator, jobs, isUnacknowledged);
        const calls = checkCalls(jobs, requests, (i) => charges.get(i) ?? 0);
        tallyJobs(tally, jobs, [...problems, ...calls.problems]);
        const missed = jobs.filter(isUnacknowledged).length;
        const rate = (requests.length / seconds).toFixed(0);
        for (const violation of violationsOf(services.emulator)) tally.invariant(violation);
        return tally.result(
          `${missed ? `${missed} acks missed 3 s; ` : ''}${limited}×429, peak ${peak}/${LIMIT} per ${WINDOW_MS} ms, ${rate} req/s; ${describeFigures(calls.figures)}`,
        );
      } finally {
        await reader.close();
      }
    } finally {
      await bot?.kill('SIGTERM');
      collectOutputs(
        ctx.outputs,
        'tight-quota',
        services.emulator,
        { apiKey: fake.apiKey },
        { log: bot?.output() ?? '' },
      );
      await services.close();
      await fake.close();
    }
  },
};
