import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, imagineRefused, openCommandsToEveryone } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const reason = { reason: 'testing authority' };

describe("Discord's rule for acting on a member", () => {
  it('protects the owner from every moderator, lets the owner act on anyone, and nobody lifts their own block', async () => {
    env = await startBotEnv();
    const { users } = env.emulator;
    const guildId = env.emulator.guild.id;
    const ownerRule = /^🔒 Nobody but the owner can (block|reset the usage of|change the limits of) the server owner\./;
    expect((await command(env, 'mod', 'block', { user: users.owner, ...reason })).data.content).toMatch(ownerRule);
    expect((await command(env, 'mod', 'quota', { user: users.owner }, 'reset')).data.content).toMatch(ownerRule);
    const limit = { scope: 'user', user: users.owner, key: 'jobs_per_hour', value: '1' };
    expect((await command(env, 'mod', 'limits', limit, 'set')).data.content).toMatch(ownerRule);
    expect(await env.app.ctx.moderation.blockOf(guildId, users.owner.id)).toBeUndefined();

    // The owner blocks the moderator; the moderator cannot undo it themselves.
    expect((await command(env, 'owner', 'block', { user: users.mod, ...reason })).data.content).toMatch(/^⛔ Blocked/);
    const self = await command(env, 'mod', 'unblock', { user: users.mod });
    expect(self.data.content).toBe('You cannot lift your own block; ask another moderator.');
    expect(await env.app.ctx.moderation.blockOf(guildId, users.mod.id)).toBeDefined();
    await imagineRefused(env, 'mod');
    expect((await command(env, 'owner', 'unblock', { user: users.mod })).data.content).toMatch(/^✅ Unblocked/);
  });

  it('lets a role moderator act only on members whose highest role is below theirs', async () => {
    env = await startBotEnv();
    await openCommandsToEveryone(env);
    const { users, roles } = env.emulator;
    // Artist (alice's role) moderates; it sits below Moderator.
    await command(env, 'mod', 'modlog', { role: roles.artist }, 'moderator-role');
    const upward = await command(env, 'alice', 'block', { user: users.mod, ...reason });
    expect(upward.data.content).toMatch(/^🔒 You cannot block <@\d+>: their highest role is at or above yours/);
    expect((await command(env, 'alice', 'block', { user: users.alice, ...reason })).data.content).toBe(
      'You cannot block yourself.',
    );
    expect((await command(env, 'alice', 'block', { user: users.bob, ...reason })).data.content).toMatch(/^⛔ Blocked/);
    // The Manage Server moderator outranks her, and blocks her; she cannot lift it.
    expect((await command(env, 'mod', 'block', { user: users.alice, ...reason })).data.content).toMatch(/^⛔ Blocked/);
    const self = await command(env, 'alice', 'unblock', { user: users.alice });
    expect(self.data.content).toBe('You cannot lift your own block; ask another moderator.');
  });
});
