import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { components } from '../../commands/index.js';
import type { Job } from '../../src/domain/job.js';
import { type ButtonCase, type ButtonShape, buttonCase, type ClickTarget } from '../fuzz/button-cases.js';
import { startFaultBot } from '../harness/bot-env.js';
import { FAST_PACER, ROOMY_LIMITS } from '../harness/burst.js';
import { type Answer, answerOf, refusalProblem } from '../harness/responses.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { pooled } from '../harness/wait.js';
import { addSecondGuild, ELSEWHERE_CHANNEL, jobIdOf, resultMessage } from '../harness/world.js';
import { createTally, type Probe } from '../probe.js';

const CASES = 1_000;
const CONCURRENCY = 6;

/** Every button the bot registers, with the shape of its custom_id (the modal's id is tried on buttons too). */
const SHAPES: readonly ButtonShape[] = components.map((c) => ({
  action: c.action,
  indexed: c.indexed,
  createsJob: c.kind === 'button' && c.createsJob,
}));

function caseProblem(c: ButtonCase, answer: Answer, made: Job | undefined, userId: string): string | undefined {
  if ('refuse' in c.expect) {
    const refusal = refusalProblem(answer);
    if (refusal) return `${c.expect.refuse}: ${refusal}`;
    if (made) return `${c.expect.refuse}: made job ${made.id} (${made.kind} of ${made.sourceJobId})`;
    return undefined;
  }
  if (answer.type === 0) return 'never answered';
  if (/Something went wrong/.test(answer.content)) return `answered as a bot failure: ${answer.content.slice(0, 80)}`;
  if (made && (made.sourceJobId !== c.target.jobId || made.userId !== userId)) {
    return `made job ${made.id} of ${made.sourceJobId} for ${made.userId}`;
  }
  return undefined;
}

/** What a target message shows, to prove no click changed it. */
const snapshot = (message: StoredMessage | undefined) =>
  message
    ? `${message.deleted ? 'deleted ' : ''}${message.data.content}|${message.files.length}|${jobIdOf(message)}`
    : 'gone';

/**
 * 1,000 seeded custom_ids clicked on the bot's result messages and on a member's message, by the requester, another
 * member and a moderator: the message's own job, another member's job, another server's, a job whose row is gone,
 * jobs never stored, and malformed or foreign ids. Every click is answered; only the message's own job is ever acted
 * on, nothing is deleted or overwritten by a click that names another job, and nothing crashes.
 */
export const fuzzButtons: Probe = {
  name: 'fuzz-buttons',
  summary: `${CASES} forged custom_ids on real, foreign and other servers' messages`,
  async run(ctx) {
    const tally = createTally();
    const bot = await startFaultBot(ctx.outputs, 'fuzz-buttons', {
      backend: 'stability',
      env: { ...ROOMY_LIMITS, ...FAST_PACER },
    });
    try {
      const { emulator, stability, app } = bot.env;
      if (!stability) throw new Error('the fake Stability did not start');
      await addSecondGuild(emulator);
      const a = await resultMessage(emulator, 'alice', 'general', 'a red kite', 2);
      const b = await resultMessage(emulator, 'bob', 'general', 'a blue kite', 2);
      const x = await resultMessage(emulator, 'alice', ELSEWHERE_CHANNEL, 'a green kite', 2);
      const g = await resultMessage(emulator, 'alice', 'general', 'a kite that is forgotten', 2);
      await app.db.deleteFrom('jobs').where('id', '=', jobIdOf(g)).execute();
      const u = emulator.sendMessage('alice', 'general', 'just a member talking');
      const here = ['alice', 'bob', 'mod'];
      const targets: ClickTarget[] = [
        {
          key: 'alice-result',
          messageId: a.id,
          jobId: jobIdOf(a),
          requester: 'alice',
          clickers: here,
          bystander: 'bob',
        },
        { key: 'bob-result', messageId: b.id, jobId: jobIdOf(b), requester: 'bob', clickers: here, bystander: 'alice' },
        {
          key: 'elsewhere',
          messageId: x.id,
          jobId: jobIdOf(x),
          requester: 'alice',
          clickers: ['alice', 'mod'],
          bystander: 'mod',
        },
        { key: 'forgotten', messageId: g.id, jobId: jobIdOf(g), requester: 'alice', clickers: here, bystander: 'bob' },
        {
          key: 'member-message',
          messageId: u.id,
          jobId: undefined,
          requester: undefined,
          clickers: here,
          bystander: 'bob',
        },
      ];
      const foreign = targets.flatMap((t) => (t.jobId ? [t.jobId] : []));
      const before = new Map(targets.map((t) => [t.key, snapshot(emulator.getMessage(t.messageId))]));
      const states = new Map(
        (await Promise.all(foreign.map((id) => app.store.jobs.get(id)))).map((j) => [j?.id, j?.state]),
      );

      const cases = Array.from({ length: CASES }, () => buttonCase(ctx.random, SHAPES, targets, foreign));
      const answers = await pooled(CASES, CONCURRENCY, async (n) => {
        const c = cases[n] as ButtonCase;
        const handle = emulator.clickButton(c.user, c.target.messageId, c.customId, { unchecked: true });
        return { id: handle.id, answer: await answerOf(handle) };
      });
      const jobs = await settle(app.db, emulator, 120_000);
      const byInteraction = new Map(jobs.map((job) => [job.interactionId, job]));
      let own = 0;
      for (const [n, c] of cases.entries()) {
        const { id, answer } = answers[n] as { id: string; answer: Answer };
        if ('own' in c.expect) own++;
        const userId = emulator.users[c.user as 'alice'].id;
        const problem = caseProblem(c, answer, byInteraction.get(id), userId);
        tally.check(
          problem === undefined
            ? undefined
            : `case ${n} ${c.user} on ${c.target.key} ${JSON.stringify(c.customId)}: ${problem}`,
        );
      }
      for (const t of targets) {
        const after = snapshot(emulator.getMessage(t.messageId));
        if (after !== before.get(t.key)) tally.invariant(`${t.key} changed: ${before.get(t.key)} → ${after}`);
      }
      for (const [id, state] of states) {
        const now = id ? (await app.store.jobs.get(id))?.state : undefined;
        if (id && now !== state) tally.invariant(`job ${id} went from ${state} to ${now}`);
      }
      for (const problem of await visibilityProblems(app.db, emulator, jobs)) tally.invariant(problem.text);
      if (stability.invalidRequests().length > 0) tally.invariant('requests broke Stability’s API');
      const made = jobs.length - 3;
      for (const violation of bot.violations()) tally.invariant(violation);
      return tally.result(`${own} on the message's own job (${made} jobs made), ${CASES - own} refused`);
    } finally {
      await bot.close();
    }
  },
};
