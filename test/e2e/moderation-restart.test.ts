import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, imagineAdmitted, imagineRefused, modLogPost, openCommandsToEveryone } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

describe('moderation survives a restart', () => {
  it('keeps limits, blocks, settings and the audit trail', async () => {
    env = await startBotEnv();
    const { users, roles, channels } = env.emulator;
    await command(env, 'mod', 'modlog', { channel: channels.modLog }, 'channel');
    await command(env, 'mod', 'modlog', { role: roles.artist }, 'moderator-role');
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'jobs_per_hour', value: '1' }, 'set');
    await command(env, 'mod', 'block', { user: users.bob, reason: 'until the appeal' });
    await imagineAdmitted(env, 'alice');
    await modLogPost(env, 'user.block');

    await env.restart();

    expect(await imagineRefused(env, 'alice')).toContain('**1 job per hour** (server setting)');
    expect(await imagineRefused(env, 'bob')).toContain('Reason: until the appeal');
    // alice is still a moderator through the Artist role (once the server lets her see the command, as a server
    // would in Integrations), and changes still reach the mod-log.
    await openCommandsToEveryone(env);
    await command(env, 'alice', 'limits', { scope: 'guild', key: 'jobs_per_hour', value: '2' }, 'set');
    expect((await modLogPost(env, 'limit.set', 2)).data.embeds[0]?.description).toBe(
      `<@${users.alice.id}> set **Jobs per hour** for the server: 1 → **2**`,
    );
    await imagineAdmitted(env, 'alice');

    const history = await command(env, 'mod', 'limits', {}, 'history');
    const lines = history.data.embeds[0]?.description?.split('\n') ?? [];
    expect(lines.map((line) => line.replace(/^`#\d+` <t:\d+:R> /, ''))).toEqual([
      `<@${users.alice.id}> set **Jobs per hour** for the server: 1 → **2**`,
      `<@${users.mod.id}> blocked <@${users.bob.id}>: “until the appeal”`,
      `<@${users.mod.id}> set **Jobs per hour** for the server: not set → **1**`,
      `<@${users.mod.id}> changed the moderator role: none → <@&${roles.artist.id}>`,
      `<@${users.mod.id}> changed the mod-log channel: none → <#${channels.modLog.id}>`,
    ]);
  });
});
