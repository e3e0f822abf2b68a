import type { ServerResponse } from 'node:http';
import type { CommandOptionValues, InteractionHandle, StoredMessage } from '@imagine-bot/discord-emulator';
import { expectNoViolations } from '@imagine-bot/discord-emulator/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotEnv, startBotEnv } from '../helpers/bot.js';
import { command, finished } from '../helpers/moderation.js';
import { png } from '../stability/images.js';

/** The smallest GIF there is: a real image, but not one Stability takes. */
const GIF = new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let env: BotEnv;

async function jobCount(): Promise<number> {
  const counts = await env.app.store.jobs.countByState();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

const paidRequests = () => env.stability!.requests.filter((r) => r.path.startsWith('/v2beta')).length;

/** Runs `/imagine` with these options and expects an ephemeral refusal to alice, no job and no Stability call. */
async function refused(options: CommandOptionValues, name = 'imagine'): Promise<string> {
  const jobs = await jobCount();
  const calls = paidRequests();
  const reply = await command(env, 'alice', name, name === 'imagine' ? { prompt: 'a cat', ...options } : options);
  expect(reply.visibleTo).toBe(env.emulator.users.alice.id);
  expect(await jobCount()).toBe(jobs);
  expect(paidRequests()).toBe(calls);
  return reply.data.content;
}

describe('images that are refused before a job exists', () => {
  beforeAll(async () => {
    env = await startBotEnv({ backend: 'stability' });
  });
  afterAll(async () => {
    await env?.close();
  });
  afterEach(() => expectNoViolations(env.emulator));

  it('refuses a file over 10 MiB, a file that is not an image, and a GIF dressed up as a PNG', async () => {
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set(PNG_SIGNATURE);
    expect(await refused({ image: { filename: 'huge.png', bytes: huge } })).toMatch(
      /huge\.png` is 10\.0 MiB; Stability takes images of at most 10 MiB/,
    );
    expect(
      await refused({ image: { filename: 'notes.txt', bytes: new TextEncoder().encode('not a picture') } }),
    ).toMatch(/notes\.txt` is not an image Stability takes \(text\/plain\)/);
    // Discord (and the emulator) believe the name; the bot reads the bytes.
    expect(await refused({ image: { filename: 'cat.png', bytes: GIF, contentType: 'image/png' } })).toMatch(
      /not a PNG, JPEG or WebP image \(whatever its name says\)/,
    );
  });

  it('refuses an attachment that is not on Discord, whatever the interaction says', async () => {
    const jobs = await jobCount();
    const handle = env.emulator.forgeCommand(
      'alice',
      'general',
      'imagine',
      [
        { name: 'prompt', type: 3, value: 'a cat' },
        { name: 'image', type: 11, value: '1300000000000000001' },
      ],
      {
        resolved: {
          attachments: {
            '1300000000000000001': {
              id: '1300000000000000001',
              filename: 'cat.png',
              size: 1000,
              url: 'https://images.example.com/cat.png',
              proxy_url: 'https://images.example.com/cat.png',
              content_type: 'image/png',
            },
          },
        },
      },
    );
    const reply = await handle.reply();
    expect(reply.visibleTo).toBe(env.emulator.users.alice.id);
    expect(reply.data.content).toMatch(/Images are only taken from Discord attachments/);
    expect(await jobCount()).toBe(jobs);
  });

  it("refuses an image outside the endpoint's pixel limits, naming the limit", async () => {
    expect(await refused({ image: { filename: 'tiny.png', bytes: await png(40, 40) } })).toMatch(
      /That image is 40x40; each side must be at least 64 px, so it cannot be used for a reference image/,
    );
    expect(
      await refused({ image: { filename: 'strip.png', bytes: await png(1000, 200) }, image_mode: 'sketch' }),
    ).toMatch(/aspect ratio must be between 1:2\.5 and 2\.5:1, so it cannot be used for a sketch/);
    expect(
      await refused(
        {
          content: { filename: 'c.png', bytes: await png(512, 512) },
          style: { filename: 'tiny.png', bytes: await png(32, 32) },
        },
        'blend',
      ),
    ).toMatch(/\*\*style\*\*: That image is 32x32/);
  });

  it('refuses options that would be ignored instead of ignoring them', async () => {
    expect(await refused({ strength: 0.5 })).toMatch(/`strength` only applies with an `image`/);
    expect(await refused({ image_mode: 'sketch' })).toMatch(/`image_mode` needs an `image`/);
    const image = { filename: 'p.png', bytes: await png(256, 256) };
    expect(await refused({ image, control_strength: 0.2 })).toMatch(
      /`control_strength` only applies with an `image` and `image_mode:sketch` or `image_mode:structure`/,
    );
    expect(await refused({ image, image_mode: 'structure', model: 'ultra' })).toMatch(
      /`model` does not apply with `image_mode:structure`/,
    );
    expect(await refused({ image, aspect_ratio: '16:9' })).toMatch(/`aspect_ratio` does not apply/);
  });

  it('refuses every image job of a member whose moderators turned image input off, with the limit named', async () => {
    const set = await command(
      env,
      'mod',
      'limits',
      { scope: 'user', key: 'image_input', value: 'no', user: env.emulator.users.alice },
      'set',
    );
    expect(set.data.content + JSON.stringify(set.data.embeds)).toMatch(/Image input allowed/);
    const image = { filename: 'p.png', bytes: await png(256, 256) };
    expect(await refused({ image })).toMatch(
      /Using your own images is turned off for you here \(\*\*Image input allowed: no\*\*, set for you\)/,
    );
    // Text-only jobs are not affected.
    const plain = await env.emulator
      .invokeCommand('alice', 'general', 'imagine', { prompt: 'a dog' })
      .reply({ until: finished });
    expect(plain.data.content).toMatch(/^✅/);
    await command(env, 'mod', 'limits', { scope: 'user', key: 'image_input', user: env.emulator.users.alice }, 'reset');
  });
});

/**
 * An image served from the emulator's own origin (as DISCORD_API_URL is allowed) that answers only when the test
 * says so: a download that outlasts the acknowledgement budget, without any sleep.
 */
function slowImage(bot: BotEnv, path: string) {
  let release: (bytes: Uint8Array, type: string) => void = () => undefined;
  const held = new Promise<{ bytes: Uint8Array; type: string }>((resolve) => {
    release = (bytes, type) => resolve({ bytes, type });
  });
  let asked: () => void = () => undefined;
  const requested = new Promise<void>((resolve) => {
    asked = resolve;
  });
  const remove = bot.emulator.addPageHandler(async (_req, res: ServerResponse, url) => {
    if (url.pathname !== path) return false;
    asked();
    const { bytes, type } = await held;
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
    res.end(bytes);
    return true;
  });
  return { release, requested, remove, url: `${bot.emulator.baseUrl}${path}` };
}

function forgedImagine(bot: BotEnv, url: string): InteractionHandle {
  const id = '1300000000000000002';
  return bot.emulator.forgeCommand(
    'alice',
    'general',
    'imagine',
    [
      { name: 'prompt', type: 3, value: 'a slow cat' },
      { name: 'image', type: 11, value: id },
    ],
    {
      resolved: {
        attachments: {
          [id]: { id, filename: 'slow.png', size: 5000, url, proxy_url: url, content_type: 'image/png' },
        },
      },
    },
  );
}

describe('a download slower than Discord allows for the first answer', () => {
  afterEach(async () => {
    expectNoViolations(env.emulator);
    await env.close();
  });

  it('defers publicly, then fills that reply with the queued job', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const slow = slowImage(env, '/test-cdn/slow.png');
    const handle = forgedImagine(env, slow.url);
    await slow.requested;
    // The bot acknowledged within the 3 s while the image was still on its way.
    expect((await handle.waitForResponse()).type).toBe(5);
    slow.release(await png(320, 320), 'image/png');
    const result: StoredMessage = await handle.reply({ until: finished });
    expect(result.visibleTo).toBeNull();
    expect(result.data.content).toMatch(/^✅/);
    expect(env.stability!.requests.at(-1)?.fields.prompt).toBe('a slow cat');
    slow.remove();
  });

  it('deletes the deferred reply when the image turns out unusable, and tells only the member', async () => {
    env = await startBotEnv({ backend: 'stability' });
    const slow = slowImage(env, '/test-cdn/fake.png');
    const handle = forgedImagine(env, slow.url);
    await slow.requested;
    expect((await handle.waitForResponse()).type).toBe(5);
    slow.release(GIF, 'image/png');
    const refusal = await handle.followUp();
    expect(refusal.visibleTo).toBe(env.emulator.users.alice.id);
    expect(refusal.data.content).toMatch(/not a PNG, JPEG or WebP image/);
    // The deferred "thinking…" reply everyone could see is gone.
    expect(handle.record.originalMessageId).toBeDefined();
    expect(env.emulator.getMessage(handle.record.originalMessageId ?? '')?.deleted).toBe(true);
    expect(Object.values(await env.app.store.jobs.countByState()).reduce((a, b) => a + b, 0)).toBe(0);
    slow.remove();
  });
});
