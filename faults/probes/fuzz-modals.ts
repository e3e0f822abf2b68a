import type { Job } from '../../src/domain/job.js';
import { type ModalCase, type ModalTargets, modalCase } from '../fuzz/modal-cases.js';
import { INVISIBLE } from '../fuzz/values.js';
import { startFaultBot } from '../harness/bot-env.js';
import { FAST_PACER, ROOMY_LIMITS } from '../harness/burst.js';
import { type Answer, answerOf, refusalProblem } from '../harness/responses.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { pooled } from '../harness/wait.js';
import { addSecondGuild, ELSEWHERE_CHANNEL, jobIdOf, resultMessage } from '../harness/world.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { createTally, type Probe } from '../probe.js';

const CASES = 1_000;
const CONCURRENCY = 6;

function caseProblem(c: ModalCase, answer: Answer, job: Job | undefined, userId: string): string | undefined {
  if ('refuse' in c.expect) {
    const refusal = refusalProblem(answer);
    if (refusal) return `${c.expect.refuse}: ${refusal}`;
    if (job) return `${c.expect.refuse}: made job ${job.id} (${job.kind} of ${job.sourceJobId})`;
    return undefined;
  }
  if (answer.type !== 4 && answer.type !== 5) return `valid remix answered with type ${answer.type || 'none'}`;
  if (answer.ephemeral) return `valid remix refused: ${answer.content.slice(0, 100)}`;
  if (!job) return 'valid remix answered but made no job';
  if (job.kind !== 'remix' || job.sourceJobId !== c.expect.remixOf)
    return `job ${job.id} is a ${job.kind} of ${job.sourceJobId}`;
  if (job.userId !== userId) return `job ${job.id} belongs to ${job.userId}, not the member who submitted`;
  if (!job.params.prompt.includes(c.expect.tag)) return `job ${job.id} lost its prompt`;
  if (INVISIBLE.some((ch) => job.params.prompt.includes(ch))) return `job ${job.id} kept invisible characters`;
  return undefined;
}

/**
 * Forged modal submissions, 1,000 from the seed, on the Remix form: ids naming another server's job, a job never
 * stored, malformed or foreign ids, the modal claimed from another job's message, and fields that are null, missing,
 * blank, over the limit or of the wrong type (`components: null` among them). Each is answered; only a valid remix
 * of the message's own job makes a job, with the member's prompt.
 */
export const fuzzModals: Probe = {
  name: 'fuzz-modals',
  summary: `${CASES} forged modal submissions on the Remix form`,
  async run(ctx) {
    const tally = createTally();
    const bot = await startFaultBot(ctx.outputs, 'fuzz-modals', {
      backend: 'stability',
      env: { ...ROOMY_LIMITS, ...FAST_PACER },
    });
    try {
      const { emulator, stability, app } = bot.env;
      if (!stability) throw new Error('the fake Stability did not start');
      await addSecondGuild(emulator);
      const own = await resultMessage(emulator, 'alice', 'general', 'an owl at dusk');
      const other = await resultMessage(emulator, 'bob', 'general', 'a heron at dawn');
      const elsewhere = await resultMessage(emulator, 'alice', ELSEWHERE_CHANNEL, 'a crane at noon');
      const targets: ModalTargets = {
        own: { jobId: jobIdOf(own), messageId: own.id },
        other: { jobId: jobIdOf(other), messageId: other.id },
        elsewhereJobId: jobIdOf(elsewhere),
      };
      const cases = Array.from({ length: CASES }, (_, n) => modalCase(ctx.random, n, targets));
      const answers = await pooled(CASES, CONCURRENCY, async (n) => {
        const c = cases[n] as ModalCase;
        const handle = emulator.forgeModalSubmit(
          c.user,
          'general',
          c.customId,
          c.components,
          c.messageId ? { message: c.messageId } : {},
        );
        return { id: handle.id, answer: await answerOf(handle) };
      });
      const jobs = await settle(app.db, emulator, 120_000);
      const byInteraction = new Map(jobs.map((job) => [job.interactionId, job]));
      let valid = 0;
      for (const [n, c] of cases.entries()) {
        const { id, answer } = answers[n] as { id: string; answer: Answer };
        if ('remixOf' in c.expect) valid++;
        const problem = caseProblem(c, answer, byInteraction.get(id), emulator.users[c.user].id);
        const shown = `id ${JSON.stringify(c.customId)?.slice(0, 60)}, fields ${JSON.stringify(c.components)?.slice(0, 120)}`;
        tally.check(problem === undefined ? undefined : `case ${n} (${c.user}): ${problem} — ${shown}`);
      }
      for (const problem of await visibilityProblems(app.db, emulator, jobs)) tally.invariant(problem.text);
      const calls = checkCalls(jobs, stability.requests, (i) => stability.ledger.chargedFor(i));
      for (const problem of calls.problems) tally.invariant(problem.text);
      const invalid = stability.invalidRequests();
      if (invalid.length > 0) tally.invariant(`${invalid.length} requests broke Stability's API`);
      for (const violation of bot.violations()) tally.invariant(violation);
      return tally.result(
        `${valid} valid → ${jobs.length - 3} remixes, ${CASES - valid} refused; ${describeFigures(calls.figures)}`,
      );
    } finally {
      await bot.close();
    }
  },
};
