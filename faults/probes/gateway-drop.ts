import { startFaultBot } from '../harness/bot-env.js';
import { imagineBurst, memberNames, ROOMY_LIMITS } from '../harness/burst.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { within } from '../harness/wait.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { isUnacknowledged } from '../invariants/jobs.js';
import { tallyJobs } from '../invariants/problems.js';
import { createTally, type Probe } from '../probe.js';

const DROPS = 3;
const BURST = 20;

/**
 * The gateway connection lost in the middle of a burst of /imagine (three times, after a seeded number of
 * dispatches): discord.js RESUMEs, the interactions dispatched meanwhile are replayed, and every one is answered
 * and every accepted job still ends where its member sees it.
 */
export const gatewayDrop: Probe = {
  name: 'gateway-drop',
  summary: 'gateway connection dropped mid-burst (RESUME), 3 × 20 /imagine',
  async run(ctx) {
    const tally = createTally();
    const users = memberNames(8);
    const bot = await startFaultBot(ctx.outputs, 'gateway-drop', {
      backend: 'stability',
      stabilityLatencyMs: 100,
      extraUsers: users.slice(2),
      env: { ...ROOMY_LIMITS },
    });
    try {
      const { emulator, stability, app } = bot.env;
      if (!stability) throw new Error('the fake Stability did not start');
      let tag = 0;
      let resumes = 0;
      const off = emulator.events.on('gateway', ({ change }) => {
        if (change === 'resumed') resumes++;
      });
      let unanswered = 0;
      for (let drop = 0; drop < DROPS; drop++) {
        const afterDispatches = ctx.random.int(1, BURST / 2);
        const dropped = emulator.faults.dropGateway({ afterDispatches });
        const burst = imagineBurst(emulator, ctx.random, { users, count: BURST, firstTag: tag });
        tag = burst.next;
        await within(dropped, 10_000, 'the gateway drop');
        await emulator.waitForBot({ timeoutMs: 15_000 });
        const answers = await Promise.all(
          burst.handles.map((h) =>
            h.waitForResponse({ timeoutMs: 15_000 }).then(
              () => true,
              () => false,
            ),
          ),
        );
        unanswered += answers.filter((ok) => !ok).length;
        ctx.say(
          `drop ${drop + 1} after ${afterDispatches} dispatches: ${answers.filter(Boolean).length}/${BURST} answered`,
        );
      }
      off();
      if (unanswered > 0) tally.invariant(`${unanswered} interactions were never answered`);
      if (resumes < DROPS) tally.invariant(`discord.js resumed ${resumes} times for ${DROPS} drops`);
      const jobs = await settle(app.db, emulator, 60_000);
      const problems = await visibilityProblems(app.db, emulator, jobs, isUnacknowledged);
      const calls = checkCalls(jobs, stability.requests, (i) => stability.ledger.chargedFor(i));
      tallyJobs(tally, jobs, [...problems, ...calls.problems]);
      const lost = DROPS * BURST - jobs.length;
      if (lost > 0) tally.invariant(`${lost} of ${DROPS * BURST} /imagine made no job`);
      for (const violation of bot.violations()) tally.invariant(violation);
      return tally.result(`${resumes} RESUMEs; ${jobs.length} jobs; ${describeFigures(calls.figures)}`);
    } finally {
      await bot.close();
    }
  },
};
