import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { checkCalls, describeFigures } from '../invariants/calls.js';
import { tagFor } from '../invariants/tags.js';
import { createTally, type ProbeContext, type ProbeResult } from '../probe.js';
import { startFaultBot } from './bot-env.js';
import { FAST_PACER, imagineBurst, ROOMY_LIMITS } from './burst.js';
import { answerOf } from './responses.js';
import { isFinalMessage, settle, visibilityProblems } from './settle.js';
import { within } from './wait.js';

const IN_FLIGHT = 4;

export interface StoreFault {
  label: string;
  /** The data folder (its own filesystem, for a disk that fills); default: a fresh temporary one. */
  dir?: string;
  /** Breaks the store under the running bot (its SQLite file at `path`). */
  inflict(path: string): Promise<void>;
  repair(path: string): Promise<void>;
}

/**
 * The store stops taking writes while paid calls are out: /healthz must answer 503 at its first check, a new
 * /imagine must be refused with the storage message, the results already paid for must still reach their members,
 * and once the store takes writes again every one of them is recorded with what the fake charged.
 */
export async function storeFaultScenario(ctx: ProbeContext, fault: StoreFault): Promise<ProbeResult> {
  const tally = createTally();
  const bot = await startFaultBot(ctx.outputs, fault.label, {
    backend: 'stability',
    stabilityLatencyMs: 1_000,
    ...(fault.dir ? { dir: fault.dir } : {}),
    env: { ...ROOMY_LIMITS, ...FAST_PACER },
  });
  try {
    const { emulator, stability, app, config } = bot.env;
    if (!stability) throw new Error('the fake Stability did not start');
    const before = await bot.healthz();
    tally.check(before === 200 ? undefined : `/healthz answered ${before} before the fault`);

    const burst = imagineBurst(emulator, ctx.random, { users: ['alice', 'bob'], count: IN_FLIGHT, firstTag: 0 });
    await Promise.all(burst.handles.map((h) => answerOf(h)));
    await stability.waitForRequests(stability.requests.filter((r) => r.method === 'GET').length + IN_FLIGHT);
    await fault.inflict(config.databasePath);

    const first = await bot.healthz();
    tally.check(first === 503 ? undefined : `the first /healthz after the fault answered ${first}, not 503`);
    const refused = emulator.invokeCommand('bob', 'general', 'imagine', { prompt: `a refused kite ${tagFor(90)}` });
    const refusal = await answerOf(refused);
    tally.check(
      refusal.ephemeral && refusal.content.includes('💾')
        ? undefined
        : `a new /imagine while the store is down got ${JSON.stringify(refusal.content.slice(0, 100))}`,
    );
    const shown = await Promise.all(
      burst.handles.map((h) => h.reply({ until: isFinalMessage, timeoutMs: 20_000 }).catch(() => undefined)),
    );
    for (const [i, message] of shown.entries()) {
      tally.check(deliveredProblem(message, i));
    }

    await fault.repair(config.databasePath);
    await within(bot.env.waitForLog(/held store writes landed/), 30_000, 'the held writes landing');
    const after = await bot.healthz();
    tally.check(after === 200 ? undefined : `/healthz answered ${after} once the store was repaired`);
    const again = await emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: `a kite after the repair ${tagFor(91)}` })
      .reply({ until: isFinalMessage, timeoutMs: 20_000 })
      .catch(() => undefined);
    tally.check(again?.data.content.startsWith('✅') ? undefined : 'a new /imagine after the repair did not succeed');

    const jobs = await settle(app.db, emulator, 30_000);
    if (jobs.some((job) => job.interactionId === refused.id)) tally.invariant('the refused /imagine made a job');
    for (const job of jobs) {
      if (job.state !== 'succeeded') tally.invariant(`job ${job.id} ended ${job.state}: ${job.error ?? ''}`);
    }
    for (const problem of await visibilityProblems(app.db, emulator, jobs)) tally.invariant(problem.text);
    const calls = checkCalls(jobs, stability.requests, (i) => stability.ledger.chargedFor(i));
    for (const problem of calls.problems) tally.invariant(problem.text);
    const crashes = bot.env.logs.filter((line) => /crash|unhandled/i.test(String(line.msg))).length;
    if (crashes > 0) tally.invariant(`${crashes} log lines report a crash`);
    const held = bot.env.logs.filter((line) => line.msg === 'the store refused a write; keeping it and retrying');
    const codes = [...new Set(bot.env.logs.map(errorCode).filter((code) => code !== undefined))].join(', ');
    for (const violation of bot.violations()) tally.invariant(violation);
    return tally.result(
      `store said ${codes || 'nothing'}; ${held.length} writes held; ${jobs.length} jobs recorded after the repair; ${describeFigures(calls.figures)}`,
    );
  } finally {
    await bot.close();
  }
}

/** The code of the error a log line carries (SQLITE_FULL, SQLITE_READONLY…), if any. */
function errorCode(line: Record<string, unknown>): string | undefined {
  const err = line.err;
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function deliveredProblem(message: StoredMessage | undefined, index: number): string | undefined {
  if (!message) return `paid job ${index} was not delivered while the store was down`;
  if (!message.data.content.startsWith('✅') || message.files.length === 0) {
    return `paid job ${index} shows ${JSON.stringify(message.data.content.slice(0, 80))}`;
  }
  return undefined;
}
