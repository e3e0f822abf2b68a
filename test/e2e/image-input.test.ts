import { createHash } from 'node:crypto';
import type { CommandOptionValues, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { finished, jobOf } from '../helpers/moderation.js';
import { png } from '../stability/images.js';

let env: BotEnv | undefined;
afterEach(async () => {
  if (env) expectNoViolations(env.emulator);
  await env?.close();
  env = undefined;
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function fields(message: StoredMessage): Record<string, string> {
  return Object.fromEntries((message.data.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
}

/** The one Stability image request a job made, after its message was final. */
function lastRequest(bot: BotEnv = env!) {
  const requests = bot.stability!.requests.filter((r) => r.path.startsWith('/v2beta'));
  return requests.at(-1);
}

describe('/imagine with an attached image', () => {
  it('sends each mode to its endpoint with the image and only the fields that mode takes', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const bytes = await png(640, 480);
    const image = { filename: 'photo.png', bytes };
    const cases: { options: CommandOptionValues; [key: string]: unknown }[] = [
      {
        options: { image_mode: 'reference', model: 'ultra', strength: 0.4 },
        path: '/v2beta/stable-image/generate/ultra',
        sent: { prompt: 'a castle', strength: '0.4' },
        model: 'Stable Image Ultra',
        mode: 'Reference image · strength 0.4',
        credits: '8 credits',
      },
      {
        // Core has no image-to-image mode: the job runs on SD 3.5 Large, and its result says so.
        options: {},
        path: '/v2beta/stable-image/generate/sd3',
        sent: { prompt: 'a castle', mode: 'image-to-image', model: 'sd3.5-large', strength: '0.6' },
        model: 'SD 3.5 Large (Stable Image Core takes no image)',
        mode: 'Reference image · strength 0.6',
        credits: '6.5 credits',
      },
      {
        options: { image_mode: 'sketch', control_strength: 0.8, style: 'line-art' },
        path: '/v2beta/stable-image/control/sketch',
        sent: { prompt: 'a castle', control_strength: '0.8', style_preset: 'line-art' },
        model: 'Control: sketch',
        mode: 'Sketch · control strength 0.8',
        credits: '5 credits',
      },
      {
        options: { image_mode: 'structure' },
        path: '/v2beta/stable-image/control/structure',
        sent: { prompt: 'a castle' },
        model: 'Control: structure',
        mode: 'Structure',
        credits: '5 credits',
      },
      {
        options: { image_mode: 'style-guide', fidelity: 0.3, aspect_ratio: '16:9', negative_prompt: 'text' },
        path: '/v2beta/stable-image/control/style',
        sent: { prompt: 'a castle', fidelity: '0.3', aspect_ratio: '16:9', negative_prompt: 'text' },
        model: 'Control: style guide',
        mode: 'Style guide · fidelity 0.3',
        credits: '5 credits',
      },
    ];
    for (const c of cases) {
      const handle = env.emulator.invokeCommand('alice', 'general', 'imagine', {
        prompt: 'a castle',
        image,
        ...c.options,
      });
      const result = await handle.reply({ until: finished });
      expect(result.data.content, JSON.stringify(c.options)).toMatch(/^✅/);
      expect(result.files).toHaveLength(1);
      const request = lastRequest(env);
      expect(request?.path).toBe(c.path);
      expect(request?.fields).toEqual(c.sent);
      // The member's own bytes went out, unchanged (640×480 is within every endpoint's limits).
      expect(Object.keys(request?.files ?? {})).toEqual(['image']);
      expect(request?.files.image?.sha256).toBe(sha256(bytes));
      expect(fields(result)).toMatchObject({
        Model: c.model,
        'Image mode': c.mode,
        'Your image': '640×480',
        Credits: c.credits,
      });
    }
    expect(env.stability!.invalidRequests()).toEqual([]);
  });

  it('keeps the image for 🔄, which sends it again, and never posts it back', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const bytes = await png(512, 512, '#2050c0');
    const first = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a tower', image: { filename: 'a.png', bytes } })
      .reply({ until: finished });
    const job = await jobOf(env, first);
    expect((await env.app.store.blobs.read(job.id, 'input', 0))?.bytes).toEqual(bytes);
    const reroll = env.emulator.clickButton('alice', first, `v1:reroll:${job.id}`);
    const second = await reroll.reply({ until: finished });
    expect(second.data.content).toMatch(/^✅/);
    expect(lastRequest(env)?.files.image?.sha256).toBe(sha256(bytes));
    expect(lastRequest(env)?.fields.strength).toBe('0.6');
    // Results only: no message the bot posted carries the member's picture.
    const posted = env.emulator.messages('general').filter((m) => m.data.author.bot);
    for (const message of posted) for (const file of message.files) expect(sha256(file.bytes)).not.toBe(sha256(bytes));
    // ℹ️ Info tells what the image was (its size), only to the clicker, without the image itself.
    const info = await env.emulator.clickButton('bob', first, `v1:info:${job.id}`).reply();
    expect(info.visibleTo).toBe(env.emulator.users.bob.id);
    expect(info.files).toHaveLength(0);
    expect(fields(info)['Your image']).toBe('512×512');
    // Once the kept picture is gone (evicted), a 🔄 fails before any call and is refunded.
    await env.app.db.deleteFrom('image_blobs').where('role', '=', 'input').execute();
    const calls = env.stability!.requests.length;
    const orphan = await env.emulator.clickButton('alice', first, `v1:reroll:${job.id}`).reply({ until: finished });
    expect(orphan.data.content).toMatch(/^❌ .*the source image is no longer available/);
    expect(orphan.data.content).toContain('It does not count against your limits or usage.');
    expect(env.stability!.requests.length).toBe(calls);
    // /show revives the job with its result, never the member's picture.
    const shown = await env.emulator.invokeCommand('bob', 'general', 'show', { job: job.id }).reply();
    expect(shown.files).toHaveLength(1);
    expect(sha256(shown.files[0]!.bytes)).not.toBe(sha256(bytes));
  });
});

describe("an image over the endpoint's maximum", () => {
  it('is shrunk to fit when sent, keeping its shape, and the result says so', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const big = await png(4000, 3000);
    const result = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', {
        prompt: 'a harbour',
        image: { filename: 'big.png', bytes: big },
        image_mode: 'structure',
      })
      .reply({ until: finished });
    expect(result.data.content).toMatch(/^✅/);
    // control/structure takes at most 9,437,184 px.
    expect(fields(result)['Your image']).toBe("4000×3000, sent as 3547×2660 (the endpoint's limit)");
    expect(lastRequest()?.files.image?.sha256).not.toBe(sha256(big));
    expect(env.stability!.invalidRequests()).toEqual([]);
  });
});

describe('/blend', () => {
  it('sends a style transfer with the content and the style image, priced at 8 credits', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const content = await png(800, 600, '#40a040');
    const style = await png(300, 300, '#a04040');
    const handle = env.emulator.invokeCommand('alice', 'general', 'blend', {
      content: { filename: 'content.png', bytes: content },
      style: { filename: 'style.png', bytes: style },
      style_strength: 0.7,
    });
    const result = await handle.reply({ until: finished });
    expect(result.data.content).toMatch(/^✅/);
    const request = lastRequest(env);
    expect(request?.path).toBe('/v2beta/stable-image/control/style-transfer');
    expect(request?.fields).toEqual({ style_strength: '0.7' });
    expect(request?.files.init_image?.sha256).toBe(sha256(content));
    expect(request?.files.style_image?.sha256).toBe(sha256(style));
    expect(fields(result)).toMatchObject({ Model: 'Style transfer', Credits: '8 credits', 'Content image': '800×600' });
    expect(result.data.embeds[0]?.title).toBe('Blend');
    expect(env.stability!.invalidRequests()).toEqual([]);
  });
});

describe('prices of image jobs', () => {
  it("reserves each mode's price against the server's daily budget", async () => {
    env = await startBotEnv({ backend: 'stability' });
    await env.emulator
      .invokeCommand('mod', 'general', 'budget', { scope: 'server', credits: '8' }, { subcommand: 'set' })
      .reply();
    const image = { filename: 'p.png', bytes: await png(256, 256) };
    const sketch = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a cat', image, image_mode: 'sketch' })
      .reply({ until: finished });
    expect(fields(sketch).Credits).toBe('5 credits');
    // 5 spent of 8: a second sketch (5) no longer fits, and nothing is queued or sent for it.
    const calls = env.stability!.requests.length;
    const refusal = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a dog', image, image_mode: 'structure' })
      .reply();
    expect(refusal.visibleTo).toBe(env.emulator.users.alice.id);
    expect(refusal.data.content).toMatch(/would cost about 5 credits, but only 3 credits/);
    expect(env.stability!.requests.length).toBe(calls);
  });
});
