import type { Job } from '../../src/domain/job.js';
import { type ExpectedParams, type OptionCase, optionCase } from '../fuzz/option-cases.js';
import { INVISIBLE } from '../fuzz/values.js';
import { startFaultBot } from '../harness/bot-env.js';
import { FAST_PACER, memberNames, ROOMY_LIMITS } from '../harness/burst.js';
import { type Answer, answerOf, refusalProblem } from '../harness/responses.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { pooled } from '../harness/wait.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import type { JobProblem } from '../invariants/problems.js';
import { createTally, type Probe } from '../probe.js';

const CASES = 1_000;
const CONCURRENCY = 6;

/** Whether the job made from a valid case has exactly the parameters asked for (and defaults for the rest). */
function paramsProblem(job: Job, want: ExpectedParams): string | undefined {
  const p = job.params;
  const got = {
    count: p.count,
    model: p.model,
    aspectRatio: p.aspectRatio,
    stylePreset: p.stylePreset,
    seed: p.seed,
    negative: p.negativePrompt !== undefined,
  };
  const expected = {
    count: want.count,
    model: want.model,
    aspectRatio: want.aspectRatio,
    stylePreset: want.stylePreset,
    seed: want.seed,
    negative: want.negative,
  };
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    return `job ${job.id} has ${JSON.stringify(got)}, asked ${JSON.stringify(expected)}`;
  }
  if (!p.prompt.includes(want.tag)) return `job ${job.id} lost its prompt: ${JSON.stringify(p.prompt)}`;
  if (INVISIBLE.some((c) => p.prompt.includes(c)) || p.prompt !== p.prompt.trim()) {
    return `job ${job.id} kept invisible characters in ${JSON.stringify(p.prompt)}`;
  }
  return undefined;
}

function caseProblem(c: OptionCase, answer: Answer, job: Job | undefined): string | undefined {
  if ('refuse' in c.expect) {
    const refusal = refusalProblem(answer);
    if (refusal) return `${c.expect.refuse}: ${refusal}`;
    if (job) return `${c.expect.refuse}: made job ${job.id} with ${JSON.stringify(job.params)}`;
    return undefined;
  }
  if (answer.type !== 4 && answer.type !== 5) return `valid /imagine answered with type ${answer.type || 'none'}`;
  if (answer.ephemeral) return `valid /imagine refused: ${answer.content.slice(0, 100)}`;
  if (!job) return 'valid /imagine answered but made no job';
  return paramsProblem(job, c.expect.job);
}

/**
 * Forged /imagine payloads, 1,000 of them from the seed: wrong types, out-of-range and off-list values, strings for
 * integers, blank and zero-width prompts, unknown and repeated options, `options` that is `{}`, `null` or no list.
 * Each is answered: a valid one with a job of exactly its parameters, anything else with a clear ephemeral message
 * and no job; no request with bad parameters ever reaches Stability.
 */
export const fuzzOptions: Probe = {
  name: 'fuzz-options',
  summary: `${CASES} forged /imagine option payloads`,
  async run(ctx) {
    const tally = createTally();
    const users = memberNames(10);
    const bot = await startFaultBot(ctx.outputs, 'fuzz-options', {
      backend: 'stability',
      extraUsers: users.slice(2),
      env: { ...ROOMY_LIMITS, ...FAST_PACER },
    });
    try {
      const { emulator, stability, app } = bot.env;
      if (!stability) throw new Error('the fake Stability did not start');
      const cases = Array.from({ length: CASES }, (_, n) => optionCase(ctx.random, n));
      const t0 = Date.now();
      const answers = await pooled(CASES, CONCURRENCY, async (n) => {
        const c = cases[n] as OptionCase;
        const handle = emulator.forgeCommand(users[n % users.length] ?? 'alice', 'general', 'imagine', c.options);
        return { id: handle.id, answer: await answerOf(handle) };
      });
      ctx.say(`${CASES} answered in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const jobs = await settle(app.db, emulator, 120_000);
      ctx.say(`settled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const byInteraction = new Map(jobs.map((job) => [job.interactionId, job]));
      let valid = 0;
      for (const [n, c] of cases.entries()) {
        const { id, answer } = answers[n] as { id: string; answer: Answer };
        if ('job' in c.expect) valid++;
        const problem = caseProblem(c, answer, byInteraction.get(id));
        tally.check(
          problem === undefined
            ? undefined
            : `case ${n}: ${problem} — options ${JSON.stringify(c.options)?.slice(0, 160)}`,
        );
      }
      const problems: JobProblem[] = await visibilityProblems(app.db, emulator, jobs);
      const calls = checkCalls(jobs, stability.requests, (i) => stability.ledger.chargedFor(i));
      for (const problem of [...problems, ...calls.problems]) tally.invariant(problem.text);
      const invalid = stability.invalidRequests();
      if (invalid.length > 0)
        tally.invariant(`${invalid.length} requests broke Stability's API: ${invalid[0]?.invalid.join('; ')}`);
      for (const violation of bot.violations()) tally.invariant(violation);
      return tally.result(
        `${valid} valid → ${jobs.length} jobs, ${CASES - valid} refused; ${describeFigures(calls.figures)}`,
      );
    } finally {
      await bot.close();
    }
  },
};
