import type { CommandOptionValues } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, openCommandsToEveryone } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

/** One valid invocation of every moderator command and subcommand. */
function moderatorInvocations(bot: BotEnv): [string, CommandOptionValues, string | undefined][] {
  const { users, roles, channels } = bot.emulator;
  return [
    ['limits', {}, 'view'],
    ['limits', { scope: 'guild', key: 'jobs_per_hour', value: '0' }, 'set'],
    ['limits', { scope: 'role', key: 'max_count', value: '4', role: roles.artist }, 'set'],
    ['limits', { scope: 'guild' }, 'reset'],
    ['limits', {}, 'history'],
    ['block', { user: users.alice, reason: 'because I can' }, undefined],
    ['unblock', { user: users.alice }, undefined],
    ['quota', { user: users.bob }, 'reset'],
    ['modlog', { channel: channels.general }, 'channel'],
    ['modlog', { role: roles.artist }, 'moderator-role'],
  ];
}

describe('who is a moderator', () => {
  it('registers moderator commands for Manage Server only, and /usage for everyone', async () => {
    env = await startBotEnv();
    const registered = env.emulator.commands(env.emulator.guild);
    const permissions = Object.fromEntries(registered.map((c) => [c.name, c.default_member_permissions]));
    expect(permissions).toMatchObject({
      limits: '32',
      block: '32',
      unblock: '32',
      quota: '32',
      modlog: '32',
      usage: null,
    });
    // The emulator, like Discord, does not let bob even send them while the default stands.
    expect(() =>
      env!.emulator.invokeCommand('bob', 'general', 'block', { user: env!.emulator.users.alice, reason: 'x' }),
    ).toThrow(/lacks the permissions/);
  });

  it('refuses every moderator command to a non-moderator even when the server opened them to everyone', async () => {
    env = await startBotEnv();
    await openCommandsToEveryone(env);
    for (const [name, options, subcommand] of moderatorInvocations(env)) {
      const reply = await command(env, 'bob', name, options, subcommand);
      expect(reply.visibleTo, `/${name} ${subcommand ?? ''}`).toBe(env.emulator.users.bob.id);
      expect(reply.data.content, `/${name} ${subcommand ?? ''}`).toMatch(/^🔒 Only moderators can use \//);
    }
    // Nothing changed: no audit entry, no setting, no block, and bob's requests still go through the defaults.
    const { moderation } = env.app.ctx;
    const guildId = env.emulator.guild.id;
    expect(await moderation.audit.history(guildId, 50)).toEqual([]);
    expect(await moderation.modLogChannel(guildId)).toBeUndefined();
    expect(await moderation.blockOf(guildId, env.emulator.users.alice.id)).toBeUndefined();
    expect((await moderation.effective(guildId, { kind: 'guild' })).jobs_per_hour.source).toEqual({ kind: 'default' });
  });

  it('makes holders of the role named with /modlog moderator-role moderators, but not choosers of that role', async () => {
    env = await startBotEnv();
    await openCommandsToEveryone(env);
    const { roles } = env.emulator;
    // alice holds Artist but not Manage Server.
    expect((await command(env, 'alice', 'limits', {}, 'view')).data.content).toMatch(/^🔒 Only moderators/);
    const named = await command(env, 'mod', 'modlog', { role: roles.artist }, 'moderator-role');
    expect(named.data.content).toContain(`Members with <@&${roles.artist.id}> may now use moderator commands`);

    const set = await command(env, 'alice', 'limits', { scope: 'guild', key: 'cooldown', value: '5' }, 'set');
    expect(set.data.content).toMatch(/^✅ \*\*Cooldown\*\* for the server is now \*\*5 s\*\*/);
    const hand = await command(env, 'alice', 'modlog', { role: roles.moderator }, 'moderator-role');
    expect(hand.data.content).toBe('🔒 Only members with **Manage Server** can choose the moderator role.');

    // Clearing the role takes it away again.
    await command(env, 'mod', 'modlog', {}, 'moderator-role');
    expect((await command(env, 'alice', 'limits', {}, 'history')).data.content).toMatch(/^🔒 Only moderators/);
  });
});
