import type { InteractionHandle, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, field, finished, imagineAdmitted, imagineRefused, modLog } from '../helpers/moderation.js';
import { DIALECTS } from '../helpers/store.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const DAY = 86_400_000;

/** The reset time a refusal names: `<t:…:R>` at a UTC midnight within the next day. */
function resetTimeIn(text: string, now: number): number {
  const seconds = Number(/<t:(\d+):R>/.exec(text)?.[1]);
  expect((seconds * 1000) % DAY, 'a UTC midnight').toBe(0);
  expect(seconds * 1000).toBeGreaterThan(now);
  expect(seconds * 1000).toBeLessThanOrEqual(now + DAY);
  return seconds * 1000;
}

const isEphemeral = (message: StoredMessage) => ((message.data.flags ?? 0) & 64) !== 0;

/** How one `/imagine` of a burst ended for its member: an ephemeral refusal, or the job's finished message. */
function outcomeOf(handle: InteractionHandle): Promise<StoredMessage> {
  const bound = { timeoutMs: 30_000 };
  return Promise.race([
    handle.reply({ ...bound, until: (m) => isEphemeral(m) || finished(m) }),
    // A refusal after a public deferral: the deferred reply is deleted and the refusal follows ephemerally.
    handle.followUp({ ...bound, until: isEphemeral }),
  ]);
}

const alerts = (bot: BotEnv, text: string) => modLog(bot).filter((m) => m.data.content.includes(text));

function waitForModLog(bot: BotEnv, text: string): Promise<StoredMessage> {
  return bot.emulator.waitForMessage(
    (m) => m.channelId === bot.emulator.channels.modLog.id && m.data.content.includes(text),
    { includeExisting: true },
  );
}

describe.each(DIALECTS)('daily credit budgets on %s', (dialect) => {
  it('a burst runs the server budget out with no overshoot, alerts at 80 % and 100 % once each, and resets at midnight UTC', async () => {
    env = await startBotEnv({ dialect, backend: 'stability', stabilityLatencyMs: 300 });
    const { emulator } = env;
    const fake = env.stability!;
    await command(env, 'mod', 'modlog', { channel: emulator.channels.modLog }, 'channel');
    const set = await command(env, 'mod', 'budget', { scope: 'server', credits: '15' }, 'set');
    expect(set.data.content).toMatch(/^💸 The server’s daily budget is now \*\*15 credits\*\* per UTC day/);

    // Seven Core jobs (3 credits each) at once: only five fit in 15 credits, while all of them are still queued.
    const handles = Array.from({ length: 7 }, (_, i) =>
      emulator.invokeCommand(i % 2 === 0 ? 'alice' : 'bob', 'general', 'imagine', { prompt: `burst ${i}` }),
    );
    // Judged by how each ended, not by its first callback: a slow admission (PostgreSQL under the burst) defers
    // publicly first and then either fills that reply with the job or deletes it for an ephemeral refusal.
    const outcomes = await Promise.all(handles.map((h) => outcomeOf(h)));
    const refused = outcomes.filter(isEphemeral);
    const results = outcomes.filter((m) => !isEphemeral(m));
    expect(results).toHaveLength(5);
    expect(refused).toHaveLength(2);
    for (const reply of refused) {
      expect(reply.data.content).toMatch(
        /^💸 This server's daily image budget is used up \(15 credits a day\)\. It resets <t:\d+:R> \(midnight UTC\)\.$/,
      );
      resetTimeIn(reply.data.content, emulator.clock.now());
    }
    expect(results.every((m) => m.data.content.startsWith('✅'))).toBe(true);
    // No overshoot: Stability charged exactly what the cap allowed, for exactly the admitted jobs.
    const calls = fake.requests.filter((r) => r.path.startsWith('/v2beta'));
    expect(calls).toHaveLength(5);
    expect(calls.reduce((sum, r) => sum + r.charged, 0)).toBe(15);

    const eighty = await waitForModLog(env, '80 % of today');
    expect(eighty.data.content).toMatch(/^⚠️ \*\*80 % of today's image budget is committed\*\*: 12 of 15 credits/);
    const full = await waitForModLog(env, 'used up');
    expect(full.data.content).toMatch(/^🛑 \*\*Today's image budget is used up\*\*: 15 of 15 credits/);
    expect(full.data.content).toContain('New jobs are refused until it resets <t:');

    // More refusals and settled jobs do not repeat the alerts.
    expect(await imagineRefused(env, 'alice')).toMatch(/used up/);
    expect(alerts(env, '80 % of today')).toHaveLength(1);
    expect(alerts(env, 'used up')).toHaveLength(1);

    const view = await command(env, 'mod', 'budget', {}, 'view');
    expect(view.data.flags).toBe(64);
    expect(field(view, 'Server today')).toBe('**0 of 15 credits left**\n15 spent · 0 reserved by jobs in progress');
    expect(field(view, 'Resets')).toMatch(/^<t:\d+:R> \(midnight UTC\)$/);
    expect(field(view, 'Stability balance')).toMatch(/^\*\*1000 credits\*\* · read <t:\d+:R>$/);
    expect(field(view, 'Prices')).toContain('Stable Image Ultra 8 · Stable Image Core 3');
    // Members see the budget, not the account balance.
    const memberView = await command(env, 'bob', 'budget', {}, 'view');
    expect(field(memberView, 'Server today')).toContain('**0 of 15 credits left**');
    expect(field(memberView, 'Stability balance')).toBeUndefined();

    // The next UTC day starts from zero.
    const resetAt = resetTimeIn(full.data.content, emulator.clock.now());
    emulator.advanceClock(resetAt - emulator.clock.now() + 1_000);
    await imagineAdmitted(env, 'alice');
    const nextDay = await command(env, 'mod', 'budget', {}, 'view');
    expect(field(nextDay, 'Server today')).toBe('**12 of 15 credits left**\n3 spent · 0 reserved by jobs in progress');
  }, 60_000);

  it('caps each member on their own, says how much is left, and only moderators may set budgets', async () => {
    env = await startBotEnv({ dialect });
    const denied = await command(env, 'bob', 'budget', { scope: 'server', credits: '1' }, 'set');
    expect(denied.data.content).toMatch(/^🔒 Only moderators can use \/budget set/);
    const bad = await command(env, 'mod', 'budget', { scope: 'member', credits: 'lots' }, 'set');
    expect(bad.data.content).toContain('A budget is a number of credits');
    await command(env, 'mod', 'budget', { scope: 'member', credits: '6' }, 'set');

    expect(await imagineRefused(env, 'alice', { model: 'ultra' })).toMatch(
      /^💸 This job would cost about 8 credits, but only 6 credits of your daily budget of 6 credits are left\. /,
    );
    await imagineAdmitted(env, 'alice');
    await imagineAdmitted(env, 'alice');
    expect(await imagineRefused(env, 'alice')).toMatch(/^💸 Your daily image budget is used up \(6 credits a day\)/);
    // bob has his own 6 credits.
    await imagineAdmitted(env, 'bob');

    const view = await command(env, 'alice', 'budget', {}, 'view');
    expect(field(view, 'Per member')).toBe(
      '6 credits per member per day\nYou: **0 of 6 credits left**\n6 spent · 0 reserved by jobs in progress',
    );
    expect(field(view, 'Server today')).toBe('No daily cap\n9 spent · 0 reserved by jobs in progress');

    const off = await command(env, 'mod', 'budget', { scope: 'member', credits: 'off' }, 'set');
    expect(off.data.content).toMatch(/^💸 The daily budget of each member is now \*\*off\*\*/);
    await imagineAdmitted(env, 'alice');
    const history = await env.app.ctx.moderation.audit.history(env.emulator.guild.id, 10);
    expect(history.filter((e) => e.action === 'budget.set').map((e) => e.after)).toEqual([
      { scope: 'member', credits: null },
      { scope: 'member', credits: 6 },
    ]);
  });
});

describe.each(DIALECTS)('refunds on %s', (dialect) => {
  it('a job Stability refused (403) costs nothing and gives the job back to the user’s limits and usage', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const fake = env.stability!;
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'jobs_per_hour', value: '1' }, 'set');
    await command(env, 'mod', 'budget', { scope: 'server', credits: '10' }, 'set');

    fake.control.failNext(403);
    const handle = env.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a misunderstood harbour' });
    const failed = await handle.reply({ until: finished });
    expect(failed.data.content).toBe(
      `❌ <@${env.emulator.users.alice.id}>, this job failed: Stability's content moderation refused this prompt. ` +
        'You were not charged; try rewording it.\nIt does not count against your limits or usage.\n' +
        'Think this is a mistake? Press 🚩 Report false positive.',
    );
    const usage = await command(env, 'alice', 'usage');
    expect(field(usage, 'Today (UTC)')).toBe('0 jobs · 0 credits used');
    expect(field(usage, 'Jobs this hour')).toMatch(/^0 of 1 · \*\*1 left\*\*/);
    const view = await command(env, 'mod', 'budget', {}, 'view');
    expect(field(view, 'Server today')).toBe('**10 of 10 credits left**\n0 spent · 0 reserved by jobs in progress');

    // The hour's one job is still hers to use; the next one is refused by the limit as usual.
    await imagineAdmitted(env, 'alice');
    expect(await imagineRefused(env, 'alice')).toContain('**1 job per hour**');
  });

  it('a failure that may have been charged (5xx) is not refunded', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'jobs_per_hour', value: '1' }, 'set');
    env.stability!.control.failNext(500);
    const handle = env.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a harbour' });
    const failed = await handle.reply({ until: finished });
    expect(failed.data.content).toMatch(/^❌ .*internal error/);
    expect(failed.data.content).not.toContain('does not count');
    // The charge is unknown: the card shows the estimate, marked so, never "0 credits".
    expect(field(failed, 'Credits')).toBe('3 credits (estimated — may have been charged)');
    expect(await imagineRefused(env, 'alice')).toContain('**1 job per hour**');
  });
});

describe.each(DIALECTS)('calls that may have been charged on %s', (dialect) => {
  it('counts a reset after the response headers at its estimate, tells the member, and names the cause', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const fake = env.stability!;
    fake.control.failNext('reset-after-headers', { count: 3 });
    const handle = env.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a harbour', count: 3 });
    const failed = await handle.reply({ until: finished });
    expect(failed.data.content).toMatch(/^❌/);
    expect(field(failed, 'Credits')).toBe('9 credits (estimated — may have been charged)');
    // The fake charged all three: what the bot counts equals what the provider billed.
    expect(fake.ledger.total()).toBe(9);
    const usage = await command(env, 'alice', 'usage');
    expect(field(usage, 'Today (UTC)')).toBe('1 job · 9 credits used');
    const view = await command(env, 'mod', 'budget', {}, 'view');
    expect(field(view, 'Server today')).toMatch(/^No daily cap\n9 spent · 0 reserved/);
    expect(env.logText()).toMatch(
      /Stability call failed: (ECONNRESET|UND_ERR_SOCKET) after response headers \(HTTP 200\)/,
    );
  });
});

describe.each(DIALECTS)('provider balance on %s', (dialect) => {
  it('warns the mod-log and the log once when the balance falls below the threshold, and shows it in /metrics', async () => {
    env = await startBotEnv({ dialect, backend: 'stability', env: { BALANCE_WARN_CREDITS: '100' } });
    const fake = env.stability!;
    const { balance } = env.app.ctx;
    await command(env, 'mod', 'modlog', { channel: env.emulator.channels.modLog }, 'channel');
    expect(balance.last()?.credits).toBe(1000);

    fake.control.setBalance(42);
    await balance.check();
    const warning = await waitForModLog(env, 'running low');
    expect(warning.data.content).toMatch(
      /^⚠️ \*\*The Stability account is running low: 42 credits left\*\* \(warning below 100\)/,
    );
    await env.waitForLog(/Stability balance is low: 42 credits/);
    expect(await env.app.metrics.registry.metrics()).toMatch(/imagine_stability_balance_credits\{shards="0"\} 42/);

    // Still low on the next reads: no repeat.
    fake.control.setBalance(40);
    await balance.check();
    await balance.check();
    expect(alerts(env, 'running low')).toHaveLength(1);
    expect(await env.app.metrics.registry.metrics()).toMatch(/imagine_stability_balance_credits\{shards="0"\} 40/);
    const view = await command(env, 'mod', 'budget', {}, 'view');
    expect(field(view, 'Stability balance')).toMatch(
      /^\*\*40 credits\*\* · read <t:\d+:R> · ⚠️ below the warning threshold of 100$/,
    );

    // Topped up, then low again: a new crossing, a new warning.
    fake.control.setBalance(500);
    await balance.check();
    await env.waitForLog(/back above the warning threshold/);
    fake.control.setBalance(7);
    await balance.check();
    await waitForModLog(env, 'running low: 7 credits');
    expect(alerts(env, 'running low')).toHaveLength(2);
  });

  it('reads the balance periodically on its own', async () => {
    env = await startBotEnv({
      dialect,
      backend: 'stability',
      env: { BALANCE_CHECK_INTERVAL_MS: '50', BALANCE_WARN_CREDITS: '100' },
    });
    await command(env, 'mod', 'modlog', { channel: env.emulator.channels.modLog }, 'channel');
    env.stability!.control.setBalance(12);
    const warning = await waitForModLog(env, 'running low');
    expect(warning.data.content).toContain('12 credits left');
  });
});
