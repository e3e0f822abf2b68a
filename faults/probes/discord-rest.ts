import type { RestFaultSpec } from '@imagine-bot/discord-emulator';
import type { Job } from '../../src/domain/job.js';
import { startFaultBot } from '../harness/bot-env.js';
import { imagineBurst, memberNames, ROOMY_LIMITS } from '../harness/burst.js';
import { settle, visibilityProblems } from '../harness/settle.js';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { isUnacknowledged } from '../invariants/jobs.js';
import { type JobProblem, tallyJobs } from '../invariants/problems.js';
import { tagOf } from '../invariants/tags.js';
import { createTally, type Probe } from '../probe.js';

/** Interaction tokens die after 15 minutes; past that, delivery is a channel message with a nonce. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

interface Window {
  name: string;
  jobs: number;
  fault: RestFaultSpec;
  /** `calls`: from the first submission; `finishing`: once every job's call reached Stability (they finish now). */
  from: 'calls' | 'finishing';
  /** Jump the shared clock past the tokens' lifetime once the calls are out, so delivery goes by channel message. */
  lateDelivery?: boolean;
}

const WINDOWS: readonly Window[] = [
  {
    name: '500 on every edit for 1.5 s while 10 finish',
    jobs: 10,
    fault: { routes: ['webhook-edit'], status: 500, for: { ms: 1_500 } },
    from: 'finishing',
  },
  {
    name: '502 on every other edit over 40',
    jobs: 40,
    fault: { routes: ['webhook-edit'], status: 502, every: 2 },
    from: 'calls',
  },
  {
    name: '429 on edits (retry_after 300 ms)',
    jobs: 10,
    fault: { routes: ['webhook-edit'], status: 429, retryAfterMs: 300, for: { count: 12 } },
    from: 'finishing',
  },
  {
    name: '503 on callbacks (retried by discord.js)',
    jobs: 8,
    fault: { routes: ['callback'], status: 503, for: { count: 8 } },
    from: 'calls',
  },
  {
    name: '503 on every callback try (acknowledgements lost)',
    jobs: 4,
    fault: { routes: ['callback'], status: 503, for: { count: 16 } },
    from: 'calls',
  },
  {
    name: '429 on callbacks (retry_after 200 ms)',
    jobs: 8,
    fault: { routes: ['callback'], status: 429, retryAfterMs: 200, for: { count: 3 } },
    from: 'calls',
  },
  {
    name: 'late delivery: 502 after applying on channel posts',
    jobs: 6,
    fault: { routes: ['channel-message-create'], status: 502, afterApplying: true, for: { count: 6 } },
    from: 'finishing',
    lateDelivery: true,
  },
];

/**
 * Discord's REST failing under the bot: 5xx and 429 windows on interaction callbacks and on the webhook edits that
 * carry results, and lost answers to channel posts of late results. Every result must reach its member (an
 * acknowledgement Discord never took cancels its job unsent, which is all the member can be offered), and a
 * retried channel post must not appear twice.
 */
export const discordRest: Probe = {
  name: 'discord-rest',
  summary: 'Discord 5xx/429 windows on callbacks, result edits and channel posts',
  async run(ctx) {
    const tally = createTally();
    const users = memberNames(8);
    const bot = await startFaultBot(ctx.outputs, 'discord-rest', {
      backend: 'stability',
      stabilityLatencyMs: 300,
      extraUsers: users.slice(2),
      env: { ...ROOMY_LIMITS },
    });
    const notes: string[] = [];
    try {
      const { emulator, stability, app } = bot.env;
      if (!stability) throw new Error('the fake Stability did not start');
      let tag = 0;
      const problems: JobProblem[] = [];
      const all: Job[] = [];
      for (const window of WINDOWS) {
        const first = tag;
        const sentBefore = stability.requests.length;
        const fault = window.from === 'calls' ? emulator.faults.add(window.fault) : undefined;
        const burst = imagineBurst(emulator, ctx.random, { users, count: window.jobs, firstTag: first });
        tag = burst.next;
        await Promise.all(burst.handles.map((h) => h.waitForResponse({ timeoutMs: 10_000 }).catch(() => undefined)));
        let late = fault;
        if (window.from === 'finishing' || window.lateDelivery) {
          await stability.waitForRequests(sentBefore + window.jobs);
          if (window.lateDelivery) emulator.advanceClock(TOKEN_LIFETIME_MS);
          late = emulator.faults.add(window.fault);
        }
        const jobs = await settle(app.db, emulator, 60_000);
        late?.remove();
        const mine = jobs.filter((job) => {
          const n = Number(tagOf(job.params.prompt)?.slice(2, -1));
          return n >= first && n < tag;
        });
        all.push(...mine);
        if ((late?.injected ?? 0) === 0) tally.invariant(`${window.name}: the fault window hit no request`);
        problems.push(...(await visibilityProblems(app.db, emulator, mine, isUnacknowledged)));
        if (window.lateDelivery) {
          for (const job of mine) {
            const posts = emulator
              .messages('general')
              .filter((m) => m.data.content.includes(`<@${job.userId}>`) && m.interactionId === null)
              .filter((m) => JSON.stringify(m.data.embeds).includes(job.id));
            if (posts.length !== 1)
              problems.push({ jobId: job.id, text: `job ${job.id}: ${posts.length} channel posts` });
          }
        }
        const cancelled = mine.filter(isUnacknowledged).length;
        notes.push(`${window.name}: ${late?.injected ?? 0} failed${cancelled ? `, ${cancelled} unacknowledged` : ''}`);
        ctx.say(notes.at(-1) ?? '');
      }
      const calls = checkCalls(all, stability.requests, (i) => stability.ledger.chargedFor(i));
      tallyJobs(tally, all, [...problems, ...calls.problems]);
      for (const violation of bot.violations()) tally.invariant(violation);
      return tally.result(`${WINDOWS.length} windows, ${describeFigures(calls.figures)}`);
    } finally {
      await bot.close();
    }
  },
};
