import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { createBackendGate } from '../helpers/gate.js';
import { command, field, imagineAdmitted } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

function advanceToNextUtcDay(bot: BotEnv): void {
  const now = new Date(bot.emulator.clock.now());
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  bot.emulator.advanceClock(midnight - now.getTime() + 1_000);
}

describe('/usage', () => {
  it('shows jobs and credits today, queued and running jobs, and what each limit leaves', async () => {
    env = await startBotEnv();
    const { users, roles } = env.emulator;
    // Start just after a UTC midnight, so the jobs below cannot straddle two days whenever the test runs.
    advanceToNextUtcDay(env);
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'jobs_per_hour', value: '5' }, 'set');
    await command(env, 'mod', 'limits', { scope: 'role', key: 'cooldown', value: '30', role: roles.artist }, 'set');

    const empty = await command(env, 'alice', 'usage');
    expect(empty.visibleTo).toBe(users.alice.id);
    expect(field(empty, 'Today (UTC)')).toBe('0 jobs · 0 credits used');
    expect(field(empty, 'Jobs this hour')).toBe('0 of 5 · **5 left**');
    expect(field(empty, 'Cooldown')).toBe('30 s · ready');

    // Core costs 3 credits an image: 2 + 1 images = 9 credits in 2 jobs.
    const { job: first } = await imagineAdmitted(env, 'alice', { count: 2 });
    env.emulator.advanceClock(31_000);
    const { job: second } = await imagineAdmitted(env, 'alice');
    expect(first.chargedCredits + second.chargedCredits).toBe(9);

    const usage = await command(env, 'alice', 'usage');
    expect(usage.data.embeds[0]?.title).toBe(`Your usage in ${env.emulator.guild.name}`);
    expect(field(usage, 'Today (UTC)')).toBe('2 jobs · 9 credits used');
    expect(field(usage, 'Jobs this hour')).toBe('2 of 5 · **3 left**');
    expect(field(usage, 'Queued')).toBe(
      `0 of ${env.config.limits.queuedPerUser} · **${env.config.limits.queuedPerUser} left**`,
    );
    expect(field(usage, 'Running')).toBe(`0 (up to ${env.config.limits.concurrentPerUser} at once)`);
    expect(field(usage, 'Cooldown')).toBe(`30 s · next job <t:${Math.ceil((second.createdAt + 30_000) / 1000)}:R>`);
    expect(field(usage, 'Models')).toBe('all models');

    // bob did nothing and holds no role: no cooldown, nothing used.
    const bobs = await command(env, 'bob', 'usage');
    expect(field(bobs, 'Today (UTC)')).toBe('0 jobs · 0 credits used');
    expect(field(bobs, 'Cooldown')).toBe('none');

    // The UTC day ends: today's count starts again.
    advanceToNextUtcDay(env);
    const tomorrow = await command(env, 'alice', 'usage');
    expect(field(tomorrow, 'Today (UTC)')).toBe('0 jobs · 0 credits used');
  });

  it('counts a queued and a running job while they wait', async () => {
    const gate = createBackendGate();
    env = await startBotEnv({ env: { LIMIT_CONCURRENT_PER_USER: '1' }, wrapBackend: gate.wrap });
    const running = env.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'slow one' });
    await running.waitForResponse();
    await gate.entered();
    const waiting = env.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'slow two' });
    await waiting.waitForResponse();
    const usage = await command(env, 'alice', 'usage');
    expect(field(usage, 'Queued')).toBe(`1 of 5 · **4 left**`);
    expect(field(usage, 'Running')).toBe('1 (up to 1 at once)');
    expect(field(usage, 'Today (UTC)')).toBe('2 jobs · 0 credits used (+ about 6 credits in progress)');
    gate.open();
    await running.reply({ until: (m) => /^✅/.test(m.data.content) });
    await waiting.reply({ until: (m) => /^✅/.test(m.data.content) });
  });
});
