import type { StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, finished, jobOf } from '../helpers/moderation.js';

let env: BotEnv;
const requests = () => env.stability!.requests.filter((r) => r.path.startsWith('/v2beta'));

function fields(message: StoredMessage): Record<string, string> {
  return Object.fromEntries((message.data.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
}

async function imagine(options: Record<string, string | number>, user = 'alice'): Promise<StoredMessage> {
  return env.emulator.invokeCommand(user, 'general', 'imagine', { prompt: 'a lighthouse', ...options }).reply({
    until: finished,
  });
}

describe('/settings', () => {
  beforeAll(async () => {
    env = await startBotEnv({ backend: 'stability' });
  });
  afterAll(async () => {
    await env?.close();
  });
  afterEach(() => expectNoViolations(env.emulator));

  it('applies the defaults to /imagine, lets given options win, and says which came from /settings', async () => {
    const saved = await command(
      env,
      'alice',
      'settings',
      {
        model: 'sd3.5-medium',
        aspect_ratio: '16:9',
        style: 'anime',
        count: 2,
        negative_prompt: 'watermark',
        suffix: 'at golden hour',
      },
      'set',
    );
    expect(saved.visibleTo).toBe(env.emulator.users.alice.id);
    expect(saved.data.embeds[0]?.description).toContain('**Model**: SD 3.5 Medium');

    const defaulted = await imagine({});
    const sent = requests().slice(-2);
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request.path).toBe('/v2beta/stable-image/generate/sd3');
      expect(request.fields).toMatchObject({
        prompt: 'a lighthouse at golden hour',
        model: 'sd3.5-medium',
        aspect_ratio: '16:9',
        style_preset: 'anime',
        negative_prompt: 'watermark',
      });
    }
    expect(fields(defaulted)['From your /settings']).toBe(
      'model, aspect ratio, style, count, negative prompt, prompt suffix',
    );

    // Options typed in the command win; the "always" ones are still added.
    const given = await imagine({ model: 'core', aspect_ratio: '1:1', count: 1, negative_prompt: 'blur' });
    const request = requests().at(-1);
    expect(request?.path).toBe('/v2beta/stable-image/generate/core');
    expect(request?.fields).toMatchObject({
      aspect_ratio: '1:1',
      style_preset: 'anime',
      negative_prompt: 'blur, watermark',
      prompt: 'a lighthouse at golden hour',
    });
    expect((await jobOf(env, given)).params.count).toBe(1);
    expect(fields(given)['From your /settings']).toBe('style, negative prompt, prompt suffix');

    // Another member is not affected.
    await imagine({}, 'bob');
    expect(requests().at(-1)?.fields).toEqual({ prompt: 'a lighthouse' });

    const reset = await command(env, 'alice', 'settings', {}, 'reset');
    expect(reset.data.embeds[0]?.description).toContain('Forgot all your defaults');
    await imagine({});
    expect(requests().at(-1)?.fields).toEqual({ prompt: 'a lighthouse' });
  });

  it('refuses a default model this server does not allow, naming the setting, and keeps it', async () => {
    await command(
      env,
      'mod',
      'limits',
      { scope: 'user', key: 'models', value: 'core,sd3.5-flash', user: env.emulator.users.alice },
      'set',
    );
    const saved = await command(env, 'alice', 'settings', { model: 'ultra' }, 'set');
    expect(saved.data.embeds[0]?.description).toMatch(/Stable Image Ultra\*\* is not an allowed model in this server/);
    const before = requests().length;
    const refusal = await env.emulator.invokeCommand('alice', 'general', 'imagine', { prompt: 'a fox' }).reply();
    expect(refusal.visibleTo).toBe(env.emulator.users.alice.id);
    expect(refusal.data.content).toMatch(
      /Your \/settings default model, \*\*Stable Image Ultra\*\*, is not an allowed model here \(set for you\)/,
    );
    expect(refusal.data.content).toContain('Your setting is kept');
    expect(requests().length).toBe(before);
    const view = await command(env, 'alice', 'settings', {}, 'view');
    expect(view.data.embeds[0]?.description).toContain('**Model**: Stable Image Ultra');
    // Passing a model for this job goes on.
    const ok = await imagine({ model: 'sd3.5-flash' });
    expect(ok.data.content).toMatch(/^✅/);
    await command(env, 'mod', 'limits', { scope: 'user', key: 'models', user: env.emulator.users.alice }, 'reset');
    await command(env, 'alice', 'settings', { key: 'model' }, 'reset');
  });

  it('in remix mode, 🔄 and V open the prompt form first and run the edited prompt', async () => {
    const result = await imagine({ count: 1 });
    const job = await jobOf(env, result);
    await command(env, 'alice', 'settings', { remix: true }, 'set');
    const calls = requests().length;

    const reroll = env.emulator.clickButton('alice', result, `v1:reroll:${job.id}`);
    const form = await reroll.modal();
    expect(form.title).toBe('Remix: edit the prompt and run again');
    // Nothing ran yet: the form comes first.
    expect(requests().length).toBe(calls);
    const remixed = await env.emulator
      .submitModal('alice', reroll, form.custom_id, { prompt: 'a lighthouse in a storm', negative_prompt: '' })
      .reply({ until: finished });
    expect(remixed.data.embeds[0]?.title).toBe('Remix');
    expect(requests().at(-1)?.fields.prompt).toBe('a lighthouse in a storm');

    const vary = env.emulator.clickButton('alice', result, `v1:vary-strong:${job.id}:0`);
    const varyForm = await vary.modal();
    expect(varyForm.custom_id).toBe(`v1:vary-strong-remix:${job.id}:0`);
    const varied = await env.emulator
      .submitModal('alice', vary, varyForm.custom_id, { prompt: 'a lighthouse at night', negative_prompt: '' })
      .reply({ until: finished });
    expect(varied.data.embeds[0]?.title).toBe('Variation (strong)');
    expect(requests().at(-1)?.fields).toMatchObject({
      prompt: 'a lighthouse at night',
      mode: 'image-to-image',
      strength: '0.7',
    });

    // Bob is not in remix mode: his 🔄 runs at once.
    const bobs = env.emulator.clickButton('bob', result, `v1:reroll:${job.id}`);
    expect((await bobs.waitForResponse()).type).toBe(4);
    await bobs.reply({ until: finished });
    await command(env, 'alice', 'settings', { key: 'remix' }, 'reset');
  });

  it('refuses an empty /settings set and forgets one key on reset', async () => {
    const empty = await command(env, 'alice', 'settings', {}, 'set');
    expect(empty.data.content).toMatch(/Give at least one option to change/);
    await command(env, 'alice', 'settings', { style: 'pixel-art', count: 3 }, 'set');
    const reset = await command(env, 'alice', 'settings', { key: 'style' }, 'reset');
    expect(reset.data.embeds[0]?.description).toContain('**Style**: —');
    expect(reset.data.embeds[0]?.description).toContain('**Images per job**: 3');
    // Stored in the database: a restart keeps it.
    await env.restart();
    const view = await command(env, 'alice', 'settings', {}, 'view');
    expect(view.data.embeds[0]?.description).toContain('**Images per job**: 3');
  });
});
