import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, field, imagineAdmitted, imagineRefused } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const HOUR = 3_600_000;

describe('moderator limits end to end', () => {
  it('a moderator sets jobs per hour; a member hits it, is told when it frees up, and the hour rolls', async () => {
    env = await startBotEnv();
    const set = await command(env, 'mod', 'limits', { scope: 'guild', key: 'jobs_per_hour', value: '2' }, 'set');
    expect(set.visibleTo).toBe(env.emulator.users.mod.id);
    expect(set.data.content).toMatch(/^✅ \*\*Jobs per hour\*\* for the server is now \*\*2\*\*/);

    const { job: first } = await imagineAdmitted(env, 'alice');
    env.emulator.advanceClock(10 * 60_000);
    await imagineAdmitted(env, 'alice');
    const refusal = await imagineRefused(env, 'alice');
    const freesAt = Math.ceil((first.createdAt + HOUR) / 1000);
    expect(refusal).toBe(
      `🚦 You reached the limit of **2 jobs per hour** (server setting). Your next job can start <t:${freesAt}:R>, ` +
        'when your oldest job of the last hour leaves the window.',
    );
    // Another member has their own window.
    await imagineAdmitted(env, 'bob');

    // Rolling: once the first job is an hour old, one place is free again, and only one.
    env.emulator.advanceClock(50 * 60_000 + 1_000);
    await imagineAdmitted(env, 'alice');
    expect(await imagineRefused(env, 'alice')).toContain('**2 jobs per hour**');
  });

  it('refuses during a cooldown with its end, and admits once it is over', async () => {
    env = await startBotEnv();
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'cooldown', value: '60' }, 'set');
    const { job } = await imagineAdmitted(env, 'alice');
    const refusal = await imagineRefused(env, 'alice');
    expect(refusal).toBe(
      `🚦 Cooldown: **60 s** between jobs here (server setting). You can start the next one <t:${Math.ceil((job.createdAt + 60_000) / 1000)}:R>.`,
    );
    env.emulator.advanceClock(61_000);
    await imagineAdmitted(env, 'alice');
  });

  it('a role override beats the server setting and a user override beats the role', async () => {
    env = await startBotEnv();
    const { roles, users } = env.emulator;
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'max_count', value: '1' }, 'set');
    await command(env, 'mod', 'limits', { scope: 'role', key: 'max_count', value: '3', role: roles.artist }, 'set');

    // alice holds Artist: the role's 3 applies; bob holds no role: the server's 1 applies.
    await imagineAdmitted(env, 'alice', { count: 3 });
    expect(await imagineRefused(env, 'alice', { count: 4 })).toContain(
      `the limit here is **3 per job** (from your role <@&${roles.artist.id}>)`,
    );
    expect(await imagineRefused(env, 'bob', { count: 2 })).toContain(
      'the limit here is **1 per job** (server setting)',
    );

    // User overrides win in both directions: more for bob, less for alice despite her role.
    await command(env, 'mod', 'limits', { scope: 'user', key: 'max_count', value: '2', user: users.bob }, 'set');
    await command(env, 'mod', 'limits', { scope: 'user', key: 'max_count', value: '1', user: users.alice }, 'set');
    await imagineAdmitted(env, 'bob', { count: 2 });
    expect(await imagineRefused(env, 'alice', { count: 2 })).toContain('the limit here is **1 per job** (set for you)');

    const view = await command(env, 'mod', 'limits', { user: users.alice }, 'view');
    expect(view.visibleTo).toBe(users.mod.id);
    expect(field(view, 'Images per job')).toBe('**1**\nuser override');
    expect(field(view, 'Jobs per hour')).toBe(`**${env.config.limits.jobsPerHour}**\nbot default`);
    const roleView = await command(env, 'mod', 'limits', { role: roles.artist }, 'view');
    expect(field(roleView, 'Images per job')).toBe(`**3**\nrole <@&${roles.artist.id}>`);

    // Removing alice's override brings her role's value back.
    const reset = await command(env, 'mod', 'limits', { scope: 'user', key: 'max_count', user: users.alice }, 'reset');
    expect(reset.data.content).toContain('Removed the override of **Images per job**');
    await imagineAdmitted(env, 'alice', { count: 3 });
  });

  it('enforces allowed models and the upscale switch, and validates values with a clear message', async () => {
    env = await startBotEnv();
    const bad = await command(env, 'mod', 'limits', { scope: 'guild', key: 'models', value: 'core, dall-e' }, 'set');
    expect(bad.visibleTo).toBe(env.emulator.users.mod.id);
    expect(bad.data.content).toContain('unknown: `dall-e`');
    const tooMany = await command(env, 'mod', 'limits', { scope: 'guild', key: 'max_count', value: '9' }, 'set');
    expect(tooMany.data.content).toContain('**Images per job** takes a whole number from 0 to 4; got `9`.');
    const noRole = await command(env, 'mod', 'limits', { scope: 'role', key: 'queued', value: '2' }, 'set');
    expect(noRole.data.content).toContain('Scope **role** needs the `role` option');
    expect(await env.app.ctx.moderation.audit.history(env.emulator.guild.id, 10)).toEqual([]);

    await command(env, 'mod', 'limits', { scope: 'guild', key: 'models', value: 'core' }, 'set');
    expect(await imagineRefused(env, 'alice', { model: 'ultra' })).toBe(
      '🚦 **Stable Image Ultra** is not an allowed model here (server setting). Allowed: Stable Image Core.',
    );
    const { message } = await imagineAdmitted(env, 'alice', { model: 'core' });

    await command(
      env,
      'mod',
      'limits',
      { scope: 'user', key: 'upscale', value: 'no', user: env.emulator.users.alice },
      'set',
    );
    const upscaleId = (message.data.components ?? [])
      .flatMap((row) => ('components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : []))
      .find((id) => id.startsWith('v1:upscale:'));
    expect(upscaleId).toBeDefined();
    const click = env.emulator.clickButton('alice', message, upscaleId!);
    const refusal = await click.reply();
    expect(refusal.visibleTo).toBe(env.emulator.users.alice.id);
    expect(refusal.data.content).toBe(
      '🚦 Upscaling is turned off for you here (**Upscale allowed: no**, set for you).',
    );
  });

  it('runs a member’s jobs as concurrently as their resolved limit allows', async () => {
    env = await startBotEnv({ env: { LIMIT_CONCURRENT_PER_USER: '1', LOCAL_BACKEND_LATENCY_MS: '800' } });
    await command(
      env,
      'mod',
      'limits',
      { scope: 'role', key: 'concurrent', value: '2', role: env.emulator.roles.artist },
      'set',
    );
    const pair = async (user: 'alice' | 'bob') => {
      const [a, b] = await Promise.all([imagineAdmitted(env!, user), imagineAdmitted(env!, user)]);
      const [first, second] = [a.job, b.job].sort((x, y) => x.seq - y.seq);
      return {
        first: (await env!.app.store.jobs.get(first!.id))!,
        second: (await env!.app.store.jobs.get(second!.id))!,
      };
    };
    // alice (Artist, 2 at once): her second job starts while the first still runs.
    const alice = await pair('alice');
    expect(alice.second.startedAt!).toBeLessThan(alice.first.finishedAt!);
    // bob (bot default, 1 at once): his second job waits for the first.
    const bob = await pair('bob');
    expect(bob.second.startedAt!).toBeGreaterThanOrEqual(bob.first.finishedAt!);
  });
});
