import { Permission, type StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCKED_MESSAGE, BLOCKED_NEGATIVE_MESSAGE, NSFW_MESSAGE } from '../../src/content/content-policy.js';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import {
  command,
  finished,
  imagineAdmitted,
  imagineRefused,
  jobOf,
  modLog,
  openCommandsToEveryone,
} from '../helpers/moderation.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

function buttonIds(message: StoredMessage): string[] {
  return (message.data.components ?? []).flatMap((row) =>
    'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
  );
}

function buttonId(message: StoredMessage, action: string): string {
  const id = buttonIds(message).find((i) => i.startsWith(`v1:${action}:`));
  expect(id, `a ${action} button`).toBeDefined();
  return id ?? '';
}

/** Runs /imagine in a channel and returns its final message. */
function imagineIn(bot: BotEnv, channel: 'general' | 'nsfwArt', prompt: string): Promise<StoredMessage> {
  return bot.emulator.invokeCommand('alice', channel, 'imagine', { prompt }).reply({ until: finished });
}

describe('blocklist', () => {
  it('refuses listed words in every disguise without saying which, and lets innocent words through', async () => {
    env = await startBotEnv();
    const added = await command(env, 'mod', 'blocklist', { term: 'nude' }, 'add');
    expect(added.data.flags).toBe(64);
    expect(added.data.content).toMatch(/^🚫 Added the word to the blocklist\./);
    await command(env, 'mod', 'blocklist', { term: 'gr[a@]ph?ic\\s+gore', kind: 'regex' }, 'add');

    for (const prompt of [
      'a nude portrait',
      'a NUDE portrait',
      'a n.u.d.e portrait',
      'a n u d e portrait',
      'a ñüdé portrait',
      'a nud3 portrait',
      'a nudе portrait', // Cyrillic е
      'a ｎｕｄｅ portrait',
      'nudes by the sea',
      'some GRAPHIC   g0re',
    ]) {
      const refusal = await imagineRefused(env, 'alice', { prompt });
      expect(refusal, prompt).toBe(BLOCKED_MESSAGE);
      expect(refusal.toLowerCase()).not.toMatch(/nud|gore|graph/);
    }
    // The negative prompt is checked against the blocklist too, and the refusal says where (never what).
    const negative = await imagineRefused(env, 'alice', { prompt: 'a harbour', negative_prompt: 'nude' });
    expect(negative).toBe(BLOCKED_NEGATIVE_MESSAGE);
    expect(negative).not.toContain('nude');
    // Whole words only.
    await imagineAdmitted(env, 'alice', { prompt: 'a nudibranch on a reef' });

    // Moderators see the list; the mod-log gets the change with the term hidden behind a spoiler.
    const list = await command(env, 'mod', 'blocklist', {}, 'list');
    expect(list.data.embeds[0]?.fields?.[0]).toEqual({
      name: '🚫 Blocklist (2/200)',
      value: '`nude` · `/gr[a@]ph?ic\\s+gore/`',
    });
    const duplicate = await command(env, 'mod', 'blocklist', { term: 'N-U-D-E' }, 'add');
    expect(duplicate.data.content).toBe('That is already on the list.');
    // Patterns run in a linear-time engine: what it cannot express is refused with the reason.
    const lookahead = await command(env, 'mod', 'blocklist', { term: 'gore(?=\\s)', kind: 'regex' }, 'add');
    expect(lookahead.data.content).toMatch(/^That pattern cannot be used: lookarounds .* linear-time engine/);
    const backref = await command(env, 'mod', 'blocklist', { term: '(go)re\\1', kind: 'regex' }, 'add');
    expect(backref.data.content).toMatch(/^That pattern cannot be used: backreferences .* linear-time engine/);

    await command(env, 'mod', 'blocklist', { term: 'nude' }, 'remove');
    await imagineAdmitted(env, 'alice', { prompt: 'a nude portrait' });
    const actions = (await env.app.ctx.moderation.audit.history(env.emulator.guild.id, 10)).map((e) => e.action);
    expect(actions).toEqual(['blocklist.remove', 'blocklist.add', 'blocklist.add']);

    // A non-moderator cannot touch the lists even if the command reaches them.
    await openCommandsToEveryone(env);
    const denied = await command(env, 'bob', 'blocklist', { term: 'harbour' }, 'add');
    expect(denied.data.content).toMatch(/^🔒 Only moderators can use \/blocklist/);
  });

  it('applies to rerolls and remixes as well', async () => {
    env = await startBotEnv();
    const { message } = await imagineAdmitted(env, 'alice', { prompt: 'a stormy harbour' });
    await command(env, 'mod', 'blocklist', { term: 'storm*' }, 'add');

    const reroll = await env.emulator.clickButton('alice', message, buttonId(message, 'reroll')).reply();
    expect(reroll.visibleTo).toBe(env.emulator.users.alice.id);
    expect(reroll.data.content).toBe(BLOCKED_MESSAGE);

    const click = env.emulator.clickButton('alice', message, buttonId(message, 'remix'));
    const modal = await click.modal();
    const submit = env.emulator.submitModal('alice', click, modal.custom_id, {
      prompt: 'a calm harbour, st0rmy sky',
      negative_prompt: '',
    });
    expect((await submit.reply()).data.content).toBe(BLOCKED_MESSAGE);
    expect(Object.values(await env.app.store.jobs.countByState()).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('NSFW list and age-restricted channels', () => {
  it('refuses NSFW-listed prompts outside age-restricted channels only, and posts spoilers there when asked', async () => {
    env = await startBotEnv();
    const { emulator } = env;
    await command(env, 'mod', 'blocklist', { term: 'boudoir', list: 'nsfw' }, 'add');

    const refusal = await imagineRefused(env, 'alice', { prompt: 'a b0udoir photo' });
    expect(refusal).toBe(NSFW_MESSAGE);
    expect(refusal).not.toMatch(/boudoir/i);
    // "boudoir" as a negative prompt asks for less of it: allowed.
    await imagineAdmitted(env, 'alice', { prompt: 'a reading room', negative_prompt: 'boudoir' });

    const plain = await imagineIn(env, 'nsfwArt', 'a boudoir photo');
    expect(plain.data.content).toMatch(/^✅/);
    expect(plain.files.map((f) => f.filename)).toEqual([expect.stringMatching(/^imagine-[a-z0-9]{10}-1\.png$/)]);

    const on = await command(env, 'mod', 'modlog', { mode: 'on' }, 'nsfw-spoiler');
    expect(on.data.content).toMatch(
      /^🔞 Results of jobs started in age-restricted channels are now posted as spoilers/,
    );
    const spoilered = await imagineIn(env, 'nsfwArt', 'a boudoir photo');
    expect(spoilered.files.map((f) => f.filename)).toEqual([
      expect.stringMatching(/^SPOILER_imagine-[a-z0-9]{10}-1\.png$/),
    ]);
    // Ordinary channels are never spoilered, and the spoilered image still works as a variation source.
    const general = await imagineIn(env, 'general', 'a lighthouse');
    expect(general.files[0]?.filename).toMatch(/^imagine-/);
    const vary = emulator.clickButton('alice', spoilered, buttonId(spoilered, 'vary-subtle'));
    const varied = await vary.reply({ until: finished });
    expect(varied.data.content).toMatch(/^✅/);
    expect(varied.files[0]?.filename).toMatch(/^SPOILER_imagine-/);
  }, 20_000);

  it('never posts a filtered result', async () => {
    env = await startBotEnv();
    env.faults.set('content-filtered', { times: 1 });
    const filtered = await imagineIn(env, 'general', 'a lighthouse');
    expect(filtered.data.content).toMatch(/^🚫 .*Stability's content filter blurred the result, so nothing is posted/);
    expect(filtered.files).toEqual([]);
    // No image, so no U or V buttons, and no prices for them.
    expect(buttonIds(filtered).some((id) => /^v1:(upscale|vary)/.test(id))).toBe(false);
    expect(JSON.stringify(filtered.data.embeds)).not.toMatch(/\bU \d|\bV \d/);
  });
});

describe('false-positive reports', () => {
  it('sends a refused job to the moderators, who let the user retry that prompt once', async () => {
    env = await startBotEnv();
    const { emulator } = env;
    const { alice, bob, mod } = emulator.users;
    await command(env, 'mod', 'modlog', { channel: emulator.channels.modLog }, 'channel');

    env.faults.set('content-moderation', { times: 1 });
    const refused = await imagineIn(env, 'general', 'a stormy harbour at dawn');
    expect(refused.data.content).toMatch(/^❌ .*content moderation refused this prompt/);
    const reportId = buttonId(refused, 'report');
    const job = await jobOf(env, refused);

    // Only the requester may report.
    const notYours = await emulator.clickButton('bob', refused, reportId).reply();
    expect(notYours.data.content).toBe('Only the person who asked for this job can report it as a false positive.');

    const sent = await emulator.clickButton('alice', refused, reportId).reply();
    expect(sent.visibleTo).toBe(alice.id);
    expect(sent.data.content).toMatch(/^🚩 Sent to this server's moderators/);
    const again = await emulator.clickButton('alice', refused, reportId).reply();
    expect(again.data.content).toBe('You already reported this job; the moderators have it.');

    const report = await emulator.waitForMessage(
      (m) => m.channelId === emulator.channels.modLog.id && m.data.embeds[0]?.title === '🚩 False-positive report',
      { includeExisting: true },
    );
    const embed = report.data.embeds[0];
    expect(embed?.description).toBe('a stormy harbour at dawn');
    expect(embed?.fields?.find((f) => f.name === 'Requested by')?.value).toBe(`<@${alice.id}>`);
    expect(embed?.fields?.find((f) => f.name === 'Job')?.value).toContain(job.id);
    expect(embed?.fields?.find((f) => f.name === 'What happened')?.value).toMatch(/content moderation refused/);
    expect(buttonIds(report)).toEqual([`v1:report-allow:${job.id}`, `v1:report-dismiss:${job.id}`]);

    // The buttons check moderator rights when pressed, whoever can see the channel.
    emulator.setChannelPermissions(emulator.channels.modLog, '@everyone', { allow: Permission.ViewChannel });
    const denied = await emulator.clickButton('bob', report, `v1:report-allow:${job.id}`).reply();
    expect(denied.visibleTo).toBe(bob.id);
    expect(denied.data.content).toMatch(/^🔒 Only moderators can use report decisions/);

    // A moderator meanwhile lists a word of that prompt; the allowed retry still gets through, once.
    await command(env, 'mod', 'blocklist', { term: 'stormy' }, 'add');
    expect(await imagineRefused(env, 'alice', { prompt: 'a stormy harbour at dawn' })).toBe(BLOCKED_MESSAGE);

    const notice = emulator.waitForMessage(
      (m) => m.channelId === emulator.channels.general.id && m.data.content.startsWith('🚩'),
    );
    const decide = emulator.clickButton('mod', report, `v1:report-allow:${job.id}`);
    expect((await decide.waitForResponse()).type).toBe(7);
    const decided = emulator.getMessage(report.id);
    expect(decided?.data.components ?? []).toEqual([]);
    expect(decided?.data.embeds[0]?.fields?.find((f) => f.name === 'Decision')?.value).toMatch(
      new RegExp(`^✅ <@${mod.id}> let them retry this prompt once`),
    );
    const told = await notice;
    expect(told.data.content).toMatch(
      new RegExp(
        `^🚩 <@${alice.id}>, a moderator reviewed your report on job \`${job.id}\` and \\*\\*allowed one retry\\*\\*`,
      ),
    );
    expect(told.data.message_reference?.message_id).toBe(refused.id);
    expect(told.data.mentions?.map((u) => u.id)).toEqual([alice.id]);

    // The buttons are gone; a decision racing this one (a second moderator's click) is refused.
    expect(await env.app.ctx.appeals.decide(job, mod.id, 'dismissed')).toEqual({
      ok: false,
      message: `This report was already allowed by <@${mod.id}>.`,
    });

    // The retry (the 🔄 Reroll of the refused job) uses the pass; after that the blocklist applies again.
    const retry = await emulator.clickButton('alice', refused, buttonId(refused, 'reroll')).reply({ until: finished });
    expect(retry.data.content).toMatch(/^✅/);
    expect(await imagineRefused(env, 'alice', { prompt: 'a stormy harbour at dawn' })).toBe(BLOCKED_MESSAGE);

    const trail = (
      await env.app.ctx.moderation.audit.history(emulator.guild.id, 10, { kind: 'user', id: alice.id })
    ).map((e) => [e.action, e.actorId]);
    expect(trail).toEqual([
      ['report.allow', mod.id],
      ['report.create', alice.id],
    ]);
  });

  it('reports a blurred result too, and a dismissal is told to the user', async () => {
    env = await startBotEnv();
    const { emulator } = env;
    await command(env, 'mod', 'modlog', { channel: emulator.channels.modLog }, 'channel');
    env.faults.set('content-filtered', { times: 1 });
    const filtered = await imagineIn(env, 'general', 'a red lighthouse');
    const job = await jobOf(env, filtered);
    expect(filtered.data.content).toContain('Think this is a mistake? Press 🚩 Report false positive.');
    await emulator.clickButton('alice', filtered, buttonId(filtered, 'report')).reply();
    const report = await emulator.waitForMessage(
      (m) => m.channelId === emulator.channels.modLog.id && m.data.embeds[0]?.title === '🚩 False-positive report',
      { includeExisting: true },
    );
    expect(report.data.embeds[0]?.fields?.find((f) => f.name === 'What happened')?.value).toMatch(
      /blurred 1 of 1 image/,
    );
    const notice = emulator.waitForMessage(
      (m) => m.channelId === emulator.channels.general.id && m.data.content.startsWith('🚩'),
    );
    await emulator.clickButton('mod', report, `v1:report-dismiss:${job.id}`).waitForResponse();
    expect((await notice).data.content).toBe(
      `🚩 <@${emulator.users.alice.id}>, a moderator reviewed your report on job \`${job.id}\` and dismissed it.`,
    );
    const again = await emulator.clickButton('alice', filtered, buttonId(filtered, 'report')).reply();
    expect(again.data.content).toBe('This job was already reported and the report was dismissed.');
    expect(modLog(env).filter((m) => m.data.embeds[0]?.title === '🚩 False-positive report')).toHaveLength(1);
  });

  it('offers no report on ordinary results, and explains when no mod-log channel is set', async () => {
    env = await startBotEnv();
    const { message } = await imagineAdmitted(env, 'alice');
    expect(buttonIds(message).some((id) => id.startsWith('v1:report:'))).toBe(false);
    env.faults.set('content-moderation', { times: 1 });
    const refused = await imagineIn(env, 'general', 'a harbour');
    const reply = await env.emulator.clickButton('alice', refused, buttonId(refused, 'report')).reply();
    expect(reply.data.content).toMatch(/^This server has no mod-log channel, so reports cannot reach its moderators/);
  });
});

describe('patterns moderators write', () => {
  it('runs a nested-quantifier pattern in linear time: a long prompt is answered and nobody else waits', async () => {
    env = await startBotEnv();
    const bot = env;
    const added = await command(bot, 'mod', 'blocklist', { term: '(a|a)*b', kind: 'regex' }, 'add');
    expect(added.data.content).toMatch(/^🚫 Added the pattern to the blocklist\./);
    // In JavaScript's engine this prompt takes longer than the age of the universe against that pattern.
    const long = bot.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a'.repeat(60) });
    const others = Array.from({ length: 10 }, () => bot.emulator.invokeCommand('bob', 'general', 'usage'));
    for (const handle of [long, ...others]) expect(await handle.waitForResponse()).toBeDefined();
    expect((await long.reply({ until: finished })).data.content).toMatch(/^✅/);
    expect(await imagineRefused(bot, 'alice', { prompt: `${'a'.repeat(60)}b` })).toBe(BLOCKED_MESSAGE);
  });

  it('turns off, at start, a stored pattern the engine cannot run, and says so in the mod-log', async () => {
    env = await startBotEnv();
    const bot = env;
    await command(bot, 'mod', 'modlog', { channel: bot.emulator.channels.modLog }, 'channel');
    // Written by an older version that accepted lookarounds.
    const term = 'harbou?r(?!\\s+light)';
    await bot.app.store.content.addTerm(bot.emulator.guild.id, {
      list: 'block',
      kind: 'regex',
      term,
      folded: term,
      addedBy: bot.emulator.users.mod.id,
      addedAt: bot.emulator.clock.now(),
    });
    await bot.restart();
    const notice = await bot.emulator.waitForMessage(
      (m) => m.channelId === bot.emulator.channels.modLog.id && m.data.content.includes('pattern was turned off'),
      { includeExisting: true },
    );
    expect(notice.data.content).toMatch(/lookarounds/);
    expect(notice.data.content).toContain('/blocklist remove');
    expect(bot.logText()).toMatch(/blocklist pattern disabled: the engine cannot run it/);
    // Off means off: it no longer refuses anything, and the list shows it struck through.
    await imagineAdmitted(bot, 'alice', { prompt: 'a harbour at dusk' });
    const list = await command(bot, 'mod', 'blocklist', {}, 'list');
    expect(list.data.embeds[0]?.fields?.[0]?.value).toContain('(off: the engine cannot run it)');
  });
});
