import { type LocalServices, startLocalServices } from '../../test/helpers/bot.js';
import { type BotProcess, spawnBot } from '../../test/helpers/bot-process.js';
import { collectOutputs, violationsOf } from '../harness/bot-env.js';
import { imagineBurst, memberNames } from '../harness/burst.js';
import { answerOf } from '../harness/responses.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { readStore } from '../harness/store-reader.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { allJobs, isUnacknowledged } from '../invariants/jobs.js';
import { tallyJobs } from '../invariants/problems.js';
import { createTally, type Probe } from '../probe.js';

const JOBS = 20;
/** Calls that must be out (sent, unanswered) when the process dies. */
const IN_FLIGHT = 6;

/**
 * kill -9 of the bot process while calls are out: after the restart every job is terminal and visible, the calls
 * that were out are never sent again and count at their estimate (marked), the queued ones run, and the fake's
 * charges all appear in the store.
 */
export const kill9: Probe = {
  name: 'kill-9',
  summary: `kill -9 of the bot process with ${IN_FLIGHT}+ calls in flight, then a restart`,
  async run(ctx) {
    const tally = createTally();
    const users = memberNames(3);
    const services: LocalServices = await startLocalServices({
      backend: 'stability',
      stabilityLatencyMs: 1_500,
      extraUsers: users.slice(2),
      env: { LIMIT_QUEUED_PER_USER: '20', LIMIT_JOBS_PER_HOUR: '1000', LIMIT_CONCURRENT_PER_USER: '2' },
    });
    const processes: BotProcess[] = [];
    try {
      const { emulator } = services;
      const fake = services.stability;
      if (!fake) throw new Error('the fake Stability did not start');
      processes.push(await spawnBot(services));
      const arrived = fake.requests.length;
      const burst = imagineBurst(emulator, ctx.random, { users, count: JOBS, firstTag: 0 });
      // Killed as soon as the calls are out: each takes 1.5 s at the fake, so they are all still unanswered.
      await fake.waitForRequests(arrived + IN_FLIGHT);
      await processes[0]?.kill('SIGKILL');
      const out = fake.requests.filter((r) => r.method === 'POST' && r.outcome === undefined).length;
      ctx.say(`killed with ${out} calls out`);
      const answers = await Promise.all(burst.handles.map((h) => answerOf(h)));
      const refused = answers.filter((a) => a.type === 4 && a.ephemeral).length;
      if (refused > 0) tally.invariant(`${refused} of ${JOBS} /imagine were refused`);

      processes.push(await spawnBot(services));
      const reader = readStore(services.config.databasePath);
      try {
        const jobs = await settle(reader.db, emulator, 60_000);
        const problems = await visibilityProblems(reader.db, emulator, jobs, isUnacknowledged);
        const calls = checkCalls(jobs, fake.requests, (i) => fake.ledger.chargedFor(i));
        tallyJobs(tally, jobs, [...problems, ...calls.problems]);
        const interrupted = jobs.filter((job) => job.errorCode === 'interrupted');
        if (interrupted.length === 0) tally.invariant('no job was out when the process died');
        for (const job of interrupted) {
          if (!job.images.every((i) => i.creditsEstimated)) tally.invariant(`interrupted job ${job.id} not estimated`);
        }
        const all = await allJobs(reader.db);
        for (const violation of violationsOf(services.emulator)) tally.invariant(violation);
        return tally.result(`${all.length} jobs, ${interrupted.length} interrupted; ${describeFigures(calls.figures)}`);
      } finally {
        await reader.close();
      }
    } finally {
      await processes.at(-1)?.kill('SIGTERM');
      collectOutputs(
        ctx.outputs,
        'kill-9',
        services.emulator,
        { apiKey: services.stability?.apiKey },
        {
          ...Object.fromEntries(processes.map((p, i) => [`process ${i + 1}`, p.output()])),
        },
      );
      await services.close();
    }
  },
};
