import { Permission } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, field, imagineAdmitted, imagineRefused, modLog, modLogPost } from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

describe('blocks and the audit trail', () => {
  it('blocks and unblocks a member, and every change lands in the audit trail and the mod-log channel', async () => {
    env = await startBotEnv();
    const { users, channels } = env.emulator;
    const set = await command(env, 'mod', 'modlog', { channel: channels.modLog }, 'channel');
    expect(set.data.content).toContain(`Moderator changes will be posted in <#${channels.modLog.id}>`);
    const announced = await modLogPost(env, 'modlog.channel');
    expect(announced.data.embeds[0]?.description).toBe(
      `<@${users.mod.id}> changed the mod-log channel: none → <#${channels.modLog.id}>`,
    );

    const alicesJob = await imagineAdmitted(env, 'alice');
    const blocked = await command(env, 'mod', 'block', { user: users.bob, reason: 'posting spam prompts' });
    expect(blocked.visibleTo).toBe(users.mod.id);
    expect(blocked.data.content).toMatch(/^⛔ Blocked <@\d+>: their requests are refused with “posting spam prompts”/);
    expect(await imagineRefused(env, 'bob')).toBe(
      '⛔ A moderator blocked you from using this bot on this server. Reason: posting spam prompts',
    );
    // Buttons go through the same admission: bob cannot reroll alice's image either.
    const reroll = env.emulator.clickButton('bob', alicesJob.message, `v1:reroll:${alicesJob.job.id}`);
    expect((await reroll.reply()).data.content).toContain('Reason: posting spam prompts');
    const post = await modLogPost(env, 'user.block');
    expect(post.data.embeds[0]?.title).toBe('⛔ User blocked');
    expect(post.data.embeds[0]?.description).toBe(
      `<@${users.mod.id}> blocked <@${users.bob.id}>: “posting spam prompts”`,
    );
    // Readable for moderators: mentions, never the stored JSON or bare ids.
    const embed = post.data.embeds[0];
    const shown = [embed?.description ?? '', ...(embed?.fields ?? []).map((f) => `${f.name} ${f.value}`)].join('\n');
    expect(shown.replace(/<(@&?|#)\d+>/g, '')).not.toMatch(/[{}]|\d{17}/);

    const unblocked = await command(env, 'mod', 'unblock', { user: users.bob });
    expect(unblocked.data.content).toMatch(/^✅ Unblocked <@\d+>/);
    await imagineAdmitted(env, 'bob');
    expect((await modLogPost(env, 'user.unblock')).data.embeds[0]?.description).toBe(
      `<@${users.mod.id}> unblocked <@${users.bob.id}> (was blocked for “posting spam prompts”)`,
    );
    const again = await command(env, 'mod', 'unblock', { user: users.bob });
    expect(again.data.content).toBe(`<@${users.bob.id}> is not blocked here.`);

    const history = await command(env, 'mod', 'limits', { user: users.bob }, 'history');
    const lines = history.data.embeds[0]?.description?.split('\n') ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`unblocked <@${users.bob.id}>`);
    expect(lines[1]).toContain(`blocked <@${users.bob.id}>: “posting spam prompts”`);
    const stored = await env.app.ctx.moderation.audit.history(env.emulator.guild.id, 10);
    expect(stored.map((e) => [e.action, e.actorId, e.targetId])).toEqual([
      ['user.unblock', users.mod.id, users.bob.id],
      ['user.block', users.mod.id, users.bob.id],
      ['modlog.channel', users.mod.id, env.emulator.guild.id],
    ]);
    expect(stored[1]?.before).toBeNull();
    expect(stored[1]?.after).toEqual({ reason: 'posting spam prompts' });
    expect(modLog(env)).toHaveLength(3);
  });

  it('keeps the change and warns the moderator when the mod-log channel cannot be written', async () => {
    env = await startBotEnv();
    const { users, channels, botUser } = env.emulator;
    await command(env, 'mod', 'modlog', { channel: channels.modLog }, 'channel');
    await modLogPost(env, 'modlog.channel');
    env.emulator.setChannelPermissions(channels.modLog, botUser, { deny: Permission.ViewChannel });

    const handle = env.emulator.invokeCommand('mod', 'general', 'block', { user: users.alice, reason: 'testing' });
    expect((await handle.reply()).data.content).toMatch(/^⛔ Blocked/);
    // (Not handle.followUp(): the emulator records a follow-up's id only after announcing the message.)
    const warning = await env.emulator.waitForMessage(
      (m) => m.interactionId === handle.id && m.id !== handle.record.originalMessageId,
      { includeExisting: true },
    );
    expect(warning.visibleTo).toBe(users.mod.id);
    expect(warning.data.content).toMatch(
      new RegExp(`^⚠️ Saved in the audit trail \\(#2\\), but I could not post it in <#${channels.modLog.id}>`),
    );
    expect(await imagineRefused(env, 'alice')).toContain('Reason: testing');
    expect(env.logText()).toContain(`could not post in channel ${channels.modLog.id}`);
    expect(modLog(env)).toHaveLength(1);
  });

  it('/quota reset forgets the rolling hour and the cooldown but keeps the job history', async () => {
    env = await startBotEnv();
    const { users } = env.emulator;
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'jobs_per_hour', value: '1' }, 'set');
    await command(env, 'mod', 'limits', { scope: 'guild', key: 'cooldown', value: '600' }, 'set');
    const { job } = await imagineAdmitted(env, 'alice');
    expect(await imagineRefused(env, 'alice')).toContain('**1 job per hour**');

    const reset = await command(env, 'mod', 'quota', { user: users.alice }, 'reset');
    expect(reset.data.content).toMatch(/^🔁 Reset the counted usage of <@\d+>: their 1 job of the last hour/);
    await imagineAdmitted(env, 'alice');
    expect((await env.app.store.jobs.get(job.id))?.state).toBe('succeeded');
    const usage = await command(env, 'alice', 'usage');
    expect(field(usage, 'Today (UTC)')).toMatch(/^2 jobs · /);
    expect(field(usage, 'Jobs this hour')).toMatch(/^1 of 1 · \*\*0 left\*\*/);
  });
});
