import { REST } from '@discordjs/rest';
import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { Routes } from 'discord.js';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { admittedResponse } from '../helpers/moderation.js';
import { DIALECTS } from '../helpers/store.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const done = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

function buttonIds(message: StoredMessage): string[] {
  return (message.data.components ?? []).flatMap((row) =>
    'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
  );
}

function buttonLabels(message: StoredMessage): string[][] {
  return (message.data.components ?? []).map((row) =>
    'components' in row ? row.components.map((c) => ('label' in c ? (c.label ?? '') : '')) : [],
  );
}

/** Resolves when the emulator deletes message `id` (or at once if it already is). */
function deletion(bot: BotEnv, id: string): Promise<void> {
  return new Promise((resolve) => {
    if (bot.emulator.getMessage(id)?.deleted) return resolve();
    const off = bot.emulator.events.on('message', ({ change, message }) => {
      if (change === 'deleted' && message.id === id) {
        off();
        resolve();
      }
    });
  });
}

function jobIdOf(message: StoredMessage): string {
  return message.data.embeds[0]?.footer?.text.replace('Job ', '') ?? '';
}

async function imagineResult(bot: BotEnv, options: Record<string, string | number>): Promise<StoredMessage> {
  const handle = bot.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a fox in the snow', ...options });
  return handle.reply({ until: done });
}

describe.each(DIALECTS)('buttons under a result on %s', (dialect) => {
  it('lays out U, V subtle, V strong, Open (grid) or the tools (single) and the job actions within Discord limits', async () => {
    env = await startBotEnv({ dialect });
    for (const count of [1, 4]) {
      const result = await imagineResult(env, { count });
      const labels = buttonLabels(result);
      expect(labels.length).toBeLessThanOrEqual(5);
      for (const row of labels) expect(row.length).toBeLessThanOrEqual(5);
      if (count === 1) {
        expect(labels).toEqual([
          ['Vary (Subtle)', 'Vary (Strong)', 'Vary (Region)', 'Recolor', 'Remove background'],
          ['🔍 Zoom Out 2×', '🔍 Zoom Out 1.5×'],
          ['⬅️', '➡️', '⬆️', '⬇️'],
          ['Upscale (Fast)', 'Upscale (Subtle)', 'Upscale (Creative)'],
          ['🔄 Reroll', '✏️ Remix', 'ℹ️ Info', '🗑️ Delete'],
        ]);
      } else {
        expect(labels[0]).toEqual(['U1', 'U2', 'U3', 'U4']);
        expect(labels[1]).toEqual(['V1 subtle', 'V2 subtle', 'V3 subtle', 'V4 subtle']);
        expect(labels[2]).toEqual(['V1 strong', 'V2 strong', 'V3 strong', 'V4 strong']);
        expect(labels[3]).toEqual(['Open 1', 'Open 2', 'Open 3', 'Open 4']);
      }
      expect(buttonIds(result).every((id) => id.length <= 100 && id.startsWith('v1:'))).toBe(true);
    }
  });

  it('rerolls the same options with new seeds in a new message that links its source', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const result = await imagineResult(env, { aspect_ratio: '2:3', style: 'anime', count: 2, seed: 77 });
    const source = jobIdOf(result);
    const reroll = env.emulator.clickButton('alice', result, `v1:reroll:${source}`);
    expect(admittedResponse(await reroll.waitForResponse())).toBe(true);
    const message = await reroll.reply({ until: done });
    expect(message.id).not.toBe(result.id);
    expect(message.files).toHaveLength(2);
    const fields = Object.fromEntries((message.data.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.From).toContain(source);
    expect(fields.From).toContain(`/${result.id})`);
    const requests = env.stability!.requests.filter((r) => r.path.startsWith('/v2beta'));
    expect(requests).toHaveLength(4);
    for (const request of requests.slice(2)) {
      expect(request.fields).toMatchObject({ prompt: 'a fox in the snow', aspect_ratio: '2:3', style_preset: 'anime' });
      expect(request.fields.seed).toBeUndefined();
    }
    expect(buttonIds(message)).toContain(`v1:reroll:${jobIdOf(message)}`);
  });

  it('varies one image by image-to-image with the right strength, never with an aspect ratio', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const result = await imagineResult(env, { aspect_ratio: '16:9', count: 2 });
    const source = jobIdOf(result);
    for (const [action, strength] of [
      ['vary-subtle', '0.35'],
      ['vary-strong', '0.7'],
    ] as const) {
      const click = env.emulator.clickButton('alice', result, `v1:${action}:${source}:1`);
      const message = await click.reply({ until: done });
      expect(message.files).toHaveLength(1);
      const request = env.stability!.requests.at(-1);
      // Core has no image-to-image mode, so variations run on SD 3.5 Large.
      expect(request?.path).toBe('/v2beta/stable-image/generate/sd3');
      expect(request?.fields).toMatchObject({
        mode: 'image-to-image',
        model: 'sd3.5-large',
        strength,
        prompt: 'a fox in the snow',
      });
      expect(request?.fields.aspect_ratio).toBeUndefined();
      expect(Object.keys(request?.files ?? {})).toEqual(['image']);
      expect(message.data.embeds[0]?.fields?.find((f) => f.name === 'From')?.value).toContain('image #2');
    }
    expect(env.stability!.invalidRequests()).toEqual([]);
  });

  it('keeps the aspect ratio, style and model through a variation, its remix and their rerolls', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const bot = env;
    const result = await imagineResult(bot, { aspect_ratio: '16:9', style: 'anime', model: 'core', count: 2 });
    const vary = await bot.emulator
      .clickButton('alice', result, `v1:vary-subtle:${jobIdOf(result)}:1`)
      .reply({ until: done });
    const click = bot.emulator.clickButton('alice', vary, `v1:remix:${jobIdOf(vary)}`);
    const modal = await click.modal();
    const remixed = await bot.emulator
      .submitModal('alice', click, modal.custom_id, { prompt: 'a wolf in the snow', negative_prompt: '' })
      .reply({ until: done });
    const remixCall = bot.stability!.requests.at(-1);
    // Core has no image-to-image: the variation ran on SD 3.5 Large, and what derives from it stays there.
    expect(remixCall?.path).toBe('/v2beta/stable-image/generate/sd3');
    expect(remixCall?.fields).toEqual({
      prompt: 'a wolf in the snow',
      model: 'sd3.5-large',
      aspect_ratio: '16:9',
      style_preset: 'anime',
    });
    const { width = 0, height = 0 } = await sharp(remixed.files[0]!.bytes).metadata();
    expect(width / height).toBeCloseTo(16 / 9, 1);
    await bot.emulator.clickButton('alice', remixed, `v1:reroll:${jobIdOf(remixed)}`).reply({ until: done });
    expect(bot.stability!.requests.at(-1)?.fields).toMatchObject({ aspect_ratio: '16:9', style_preset: 'anime' });
    // The info card shows what was sent: no strength for a text-to-image call.
    const info = await bot.emulator.clickButton('alice', remixed, `v1:info:${jobIdOf(remixed)}`).reply();
    const card = JSON.stringify(info.data.embeds);
    expect(card).not.toMatch(/Strength/i);
    expect(card).toContain('16:9');
  });

  it('upscales through fast upscale with the input fitted to 1 MP', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const result = await imagineResult(env, {});
    const click = env.emulator.clickButton('alice', result, `v1:upscale:${jobIdOf(result)}:0`);
    const message = await click.reply({ until: done });
    const request = env.stability!.requests.at(-1);
    expect(request?.path).toBe('/v2beta/stable-image/upscale/fast');
    expect(request?.files.image?.size).toBeGreaterThan(0);
    const meta = await sharp(message.files[0]!.bytes).metadata();
    // Core answers 1.5 MP; fast upscale takes ≤ 1,048,576 px and returns 4× each side.
    expect([meta.width, meta.height]).toEqual([4096, 4096]);
    expect(env.stability!.invalidRequests()).toEqual([]);
    expect(message.data.embeds[0]?.fields?.find((f) => f.name === 'Credits')?.value).toBe('2 credits');
    // An upscale has no seed of its own: none is shown (never "Seed 0").
    expect(message.data.embeds[0]?.fields?.find((f) => f.name === 'Seed')).toBeUndefined();
  });

  it('remixes through a prefilled modal and runs the edited prompt', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const result = await imagineResult(env, { negative_prompt: 'blur', model: 'sd3.5-medium' });
    const click = env.emulator.clickButton('alice', result, `v1:remix:${jobIdOf(result)}`);
    const modal = await click.modal();
    const inputs = modal.components.flatMap((row) => ('components' in row ? row.components : []));
    expect(inputs.map((c) => ('value' in c ? c.value : undefined))).toEqual(['a fox in the snow', 'blur']);
    const submit = env.emulator.submitModal('alice', click, modal.custom_id, {
      prompt: 'a wolf in the snow',
      negative_prompt: '',
    });
    const message = await submit.reply({ until: done });
    expect(message.data.embeds[0]?.description).toBe('a wolf in the snow');
    expect(message.data.embeds[0]?.title).toBe('Remix');
    const request = env.stability!.requests.at(-1);
    expect(request?.fields).toEqual({ prompt: 'a wolf in the snow', model: 'sd3.5-medium' });
  });

  it('shows every parameter in an ephemeral info message', async () => {
    env = await startBotEnv({ dialect });
    const result = await imagineResult(env, { seed: 99, count: 2, style: 'origami' });
    const info = env.emulator.clickButton('bob', result, `v1:info:${jobIdOf(result)}`);
    const reply = await info.reply();
    expect(reply.visibleTo).toBe(env.emulator.users.bob.id);
    const text = `${reply.data.embeds[0]?.description}\n${JSON.stringify(reply.data.embeds[0]?.fields)}`;
    expect(text).toContain(jobIdOf(result));
    expect(text).toContain('seed `99`');
    expect(text).toContain('seed `100`');
    expect(text).toContain('origami');
    expect(text).toMatch(/charged 6 credits/);
  });

  it('lets only the requester or a message manager delete', async () => {
    env = await startBotEnv({ dialect });
    const result = await imagineResult(env, {});
    const id = `v1:delete:${jobIdOf(result)}`;
    const refused = await env.emulator.clickButton('bob', result, id).reply();
    expect(refused.visibleTo).toBe(env.emulator.users.bob.id);
    expect(refused.data.content).toMatch(/Only the person who asked/);
    expect(env.emulator.getMessage(result.id)?.deleted).toBe(false);

    const deleted = deletion(env, result.id);
    env.emulator.clickButton('mod', result, id);
    await deleted;

    const second = await imagineResult(env, {});
    const ownDeleted = deletion(env, second.id);
    env.emulator.clickButton('alice', second, `v1:delete:${jobIdOf(second)}`);
    await ownDeleted;
  });

  it('does not run a button twice when it is pressed twice quickly', async () => {
    env = await startBotEnv({ dialect, env: { LOCAL_BACKEND_LATENCY_MS: '300' } });
    const result = await imagineResult(env, {});
    const id = `v1:reroll:${jobIdOf(result)}`;
    const first = env.emulator.clickButton('alice', result, id);
    const second = env.emulator.clickButton('alice', result, id);
    const note = await second.reply();
    expect(note.visibleTo).toBe(env.emulator.users.alice.id);
    expect(note.data.content).toMatch(/Already on it/);
    await first.reply({ until: done });
    expect((await env.app.store.jobs.countByState()).succeeded).toBe(2);
  });

  it("holds the double-click guard only while the first click's job waits or runs", async () => {
    env = await startBotEnv({ dialect, env: { LIMIT_JOBS_PER_HOUR: '2' } });
    const bot = env;
    const result = await imagineResult(bot, {});
    const id = `v1:reroll:${jobIdOf(result)}`;
    // The first job finished: pressing again is a new request, and it runs.
    const again = await bot.emulator.clickButton('alice', result, id).reply({ until: done });
    expect(again.data.content).toMatch(/^✅/);
    // Now the hour's limit refuses: every further press says so, never "already on it".
    for (let i = 0; i < 2; i++) {
      const refused = await bot.emulator.clickButton('alice', result, id).reply();
      expect(refused.visibleTo).toBe(bot.emulator.users.alice.id);
      expect(refused.data.content, `press ${i}`).toMatch(/job(s)? per hour/);
      expect(refused.data.content).not.toMatch(/Already on it/i);
    }
  });

  it('fetches the posted attachment again when the kept image was evicted', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const result = await imagineResult(env, {});
    const job = await env.app.store.jobs.get(jobIdOf(result));
    await env.app.db.deleteFrom('image_blobs').where('job_id', '=', job!.id).execute();
    const message = await env.emulator
      .clickButton('alice', result, `v1:vary-strong:${job!.id}:0`)
      .reply({ until: done });
    expect(message.data.content.startsWith('✅')).toBe(true);
    expect(env.stability!.requests.at(-1)?.files.image?.size).toBe(result.files[0]?.size);
  });

  it('answers every foreign, malformed, unknown or stale id ephemerally, within the deadline', async () => {
    env = await startBotEnv({ dialect });
    const result = await imagineResult(env, {});
    // A job that has since been removed from the store.
    await env.app.db.deleteFrom('jobs').where('id', '=', jobIdOf(result)).execute();
    const strangers = [
      'imagine_reroll',
      'v2:reroll:abcdefghij',
      'v1:explode:abcdefghij',
      'v1:upscale:abcdefghij:9',
      `v1:reroll:${jobIdOf(result)}`,
    ];
    const rest = new REST({ api: env.config.discord.apiUrl }).setToken(env.emulator.token);
    const posted = (await rest.post(Routes.channelMessages(env.emulator.channels.general.id), {
      body: {
        content: 'buttons from another life',
        components: [
          {
            type: 1,
            components: strangers.map((custom_id) => ({ type: 2, style: 2, label: custom_id.slice(0, 20), custom_id })),
          },
        ],
      },
    })) as { id: string };
    const expected = [/does not belong/, /another version/, /no longer knows/, /damaged/, /no longer stored/];
    for (const [i, id] of strangers.entries()) {
      const reply = await env.emulator.clickButton('alice', posted.id, id).reply();
      expect(reply.visibleTo).toBe(env.emulator.users.alice.id);
      expect(reply.data.content).toMatch(expected[i]!);
    }
    expect(env.emulator.calls.filter((c) => c.code === 10062)).toEqual([]);
  });
});

describe.each(DIALECTS)('/show on %s', (dialect) => {
  it('revives a stored job with its images and live buttons', async () => {
    env = await startBotEnv({ dialect });
    const result = await imagineResult(env, { count: 2 });
    const jobId = jobIdOf(result);
    const shown = await env.emulator
      .invokeCommand('bob', 'art', 'show', { job: jobId })
      .reply({ until: (m) => m.files.length > 0 });
    expect(shown.channelId).toBe(env.emulator.channels.art.id);
    expect(shown.files.map((f) => f.bytes.equals(result.files[shown.files.indexOf(f)]!.bytes))).toEqual([true, true]);
    expect(buttonIds(shown)).toEqual(buttonIds(result));
    const reroll = await env.emulator.clickButton('bob', shown, `v1:reroll:${jobId}`).reply({ until: done });
    expect(reroll.data.content).toMatch(/^✅/);
  });

  it('says so when the job is not stored', async () => {
    env = await startBotEnv({ dialect });
    const reply = await env.emulator.invokeCommand('bob', 'art', 'show', { job: 'abcdefghij' }).reply();
    expect(reply.visibleTo).toBe(env.emulator.users.bob.id);
    expect(reply.data.content).toMatch(/No job `abcdefghij` is stored/);
  });
});

describe.each(DIALECTS)('after a restart on %s', (dialect) => {
  it('keeps every button on old messages working', async () => {
    env = await startBotEnv({ dialect, backend: 'stability' });
    const result = await imagineResult(env, { count: 2 });
    const jobId = jobIdOf(result);
    await env.restart();
    const vary = await env.emulator.clickButton('alice', result, `v1:vary-subtle:${jobId}:1`).reply({ until: done });
    expect(vary.files).toHaveLength(1);
    const info = await env.emulator.clickButton('alice', result, `v1:info:${jobId}`).reply();
    expect(info.data.embeds[0]?.description).toContain(jobId);
  });
});
