import { createHash } from 'node:crypto';
import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { finished, jobOf } from '../helpers/moderation.js';
import { png } from '../stability/images.js';

let env: BotEnv;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const lastRequest = () => env.stability!.requests.filter((r) => r.path.startsWith('/v2beta')).at(-1);

function buttonIds(message: StoredMessage): string[] {
  return (message.data.components ?? []).flatMap((row) =>
    'components' in row ? row.components.map((c) => ('custom_id' in c ? c.custom_id : '')) : [],
  );
}

describe('message apps on a picture a member posted', () => {
  let picture: Uint8Array;
  let post: StoredMessage;

  beforeAll(async () => {
    env = await startBotEnv({ backend: 'stability' });
    picture = await png(600, 400, '#3070d0');
    post = env.emulator.postMessage('bob', 'general', {
      content: 'my cat on the sofa',
      files: [{ filename: 'cat.png', bytes: picture }],
    });
  });
  afterAll(async () => {
    await env?.close();
  });
  afterEach(() => expectNoViolations(env.emulator));

  it('Vary (Subtle) sends the picture to image-to-image with the post as the prompt', async () => {
    const handle = env.emulator.invokeMessageCommand('alice', post, 'Vary (Subtle)');
    const result = await handle.reply({ until: finished });
    expect(result.visibleTo).toBeNull();
    expect(result.data.content).toMatch(/^✅/);
    const request = lastRequest();
    expect(request?.path).toBe('/v2beta/stable-image/generate/sd3');
    expect(request?.fields).toMatchObject({ mode: 'image-to-image', strength: '0.35', prompt: 'my cat on the sofa' });
    expect(request?.files.image?.sha256).toBe(sha256(picture));
    const job = await jobOf(env, result);
    expect(job).toMatchObject({ kind: 'vary-subtle', userId: env.emulator.users.alice.id, state: 'succeeded' });
    const from = result.data.embeds[0]?.fields?.find((f) => f.name === 'Your image')?.value;
    expect(from).toContain(`/${post.id})`);
    // The result carries its own buttons, like any job's.
    expect(buttonIds(result)).toContain(`v1:vary-subtle:${job.id}:0`);
  });

  it('Upscale sends it to fast upscale', async () => {
    const result = await env.emulator.invokeMessageCommand('alice', post, 'Upscale').reply({ until: finished });
    expect(result.data.content).toMatch(/^✅/);
    expect(lastRequest()?.path).toBe('/v2beta/stable-image/upscale/fast');
    expect(lastRequest()?.files.image?.sha256).toBe(sha256(picture));
    expect(result.data.embeds[0]?.fields?.find((f) => f.name === 'Credits')?.value).toBe('2 credits');
  });

  it('Remove background sends it to remove-background and offers no reroll of a cut-out', async () => {
    const result = await env.emulator
      .invokeMessageCommand('alice', post, 'Remove background')
      .reply({ until: finished });
    expect(result.data.content).toMatch(/^✅/);
    expect(lastRequest()?.path).toBe('/v2beta/stable-image/edit/remove-background');
    expect(lastRequest()?.files.image?.sha256).toBe(sha256(picture));
    const job = await jobOf(env, result);
    expect(job.chargedCredits).toBe(5);
    expect(buttonIds(result).some((id) => id.startsWith('v1:reroll:'))).toBe(false);
  });

  it('Use as image prompt asks for a prompt, then imagines from the picture', async () => {
    const handle = env.emulator.invokeMessageCommand('alice', post, 'Use as image prompt');
    const modal = await handle.modal();
    expect(modal.title).toBe('Imagine from this image');
    const submit = env.emulator.submitModal('alice', handle, modal.custom_id, {
      prompt: 'a tiger on the sofa',
      strength: '0.8',
    });
    const result = await submit.reply({ until: finished });
    expect(result.data.content).toMatch(/^✅/);
    expect(lastRequest()?.fields).toMatchObject({
      prompt: 'a tiger on the sofa',
      strength: '0.8',
      mode: 'image-to-image',
    });
    expect(lastRequest()?.files.image?.sha256).toBe(sha256(picture));
    expect(env.stability!.invalidRequests()).toEqual([]);
  });

  it('lets the member pick one of several pictures with ephemeral buttons 1–n', async () => {
    const second = await png(300, 300, '#d07030');
    const album = env.emulator.postMessage('bob', 'general', {
      files: [
        { filename: 'one.png', bytes: picture },
        { filename: 'two.png', bytes: second },
        { filename: 'readme.txt', bytes: new TextEncoder().encode('not a picture') },
      ],
    });
    const handle = env.emulator.invokeMessageCommand('alice', album, 'Upscale');
    const picker = await handle.reply();
    expect(picker.visibleTo).toBe(env.emulator.users.alice.id);
    // The text file is no image: two buttons, each naming the message, not trusting it.
    expect(buttonIds(picker)).toEqual([`v1:app-upscale:m${album.id}:0`, `v1:app-upscale:m${album.id}:1`]);
    // The buttons hold everything they need: a restart between the question and the click changes nothing.
    await env.restart();
    const click = env.emulator.clickButton('alice', picker, `v1:app-upscale:m${album.id}:1`);
    const result = await click.reply({ until: finished });
    expect(result.visibleTo).toBeNull();
    expect(lastRequest()?.files.image?.sha256).toBe(sha256(second));

    // Use as image prompt on the same message: the picker's button opens the form for that picture.
    const pick = await env.emulator.invokeMessageCommand('alice', album, 'Use as image prompt').reply();
    const open = env.emulator.clickButton('alice', pick, `v1:app-prompt:m${album.id}:0`);
    const modal = await open.modal();
    const made = await env.emulator.submitModal('alice', open, modal.custom_id, { prompt: 'a red door' }).reply({
      until: finished,
    });
    expect(made.data.content).toMatch(/^✅/);
    expect(lastRequest()?.files.image?.sha256).toBe(sha256(picture));
  });

  it('says so on a message without a picture, and a forged picker on another message finds nothing', async () => {
    const text = env.emulator.postMessage('bob', 'general', { content: 'just words' });
    const none = await env.emulator.invokeMessageCommand('alice', text, 'Vary (Subtle)').reply();
    expect(none.visibleTo).toBe(env.emulator.users.alice.id);
    expect(none.data.content).toBe('That message has no PNG, JPEG or WebP image to use.');
    // The custom_id names a message in #art; the click happens in #general: only #general is ever read.
    const elsewhere = env.emulator.postMessage('bob', 'art', { files: [{ filename: 'x.png', bytes: picture }] });
    const before = env.stability!.requests.length;
    const forged = await env.emulator
      .clickButton('alice', none, `v1:app-vary:m${elsewhere.id}:0`, { unchecked: true })
      .reply();
    expect(forged.data.content).toMatch(/That message is no longer here \(or I cannot read it\)/);
    expect(env.stability!.requests.length).toBe(before);
  });
});
