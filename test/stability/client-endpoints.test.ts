import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createStabilityClient, type StabilityClient } from '../../src/stability/client.js';
import { GenerationNotFoundError, RequestRefusedError } from '../../src/stability/errors.js';
import { ENDPOINTS, endpointOf, priceOf } from '../../src/stability/models.js';
import type { ImageResult, StabilityRequest } from '../../src/stability/request.js';
import {
  type FakeStabilityServer,
  type FakeStabilityServerOptions,
  startFakeStabilityServer,
} from '../fakes/stability-server.js';
import { runImage } from '../images/run-image.js';
import { caught, decodedSize, png } from './images.js';

const servers: FakeStabilityServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function setup(
  options: FakeStabilityServerOptions = {},
): Promise<{ server: FakeStabilityServer; client: StabilityClient }> {
  const server = await startFakeStabilityServer(options);
  servers.push(server);
  const client = createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 10_000 });
  return { server, client };
}

describe('every endpoint through the real client and the contract-checking fake', () => {
  const cases: [
    string,
    (image: Uint8Array) => StabilityRequest,
    Record<string, string>,
    { width: number; height: number },
  ][] = [
    [
      'outpaint',
      (image) => ({ kind: 'outpaint', image, left: 100, down: 50, prompt: 'more sea', creativity: 0.8 }),
      { left: '100', down: '50', prompt: 'more sea', creativity: '0.8' },
      { width: 740, height: 530 },
    ],
    [
      'conservative upscale',
      (image) => ({ kind: 'upscale-conservative', image, prompt: 'sharp', creativity: 0.3, seed: 9 }),
      { prompt: 'sharp', creativity: '0.3', seed: '9' },
      { width: 2365, height: 1774 },
    ],
    [
      'search and replace',
      (image) => ({ kind: 'search-and-replace', image, prompt: 'a dog', searchPrompt: 'cat', growMask: 5 }),
      { prompt: 'a dog', search_prompt: 'cat', grow_mask: '5' },
      { width: 640, height: 480 },
    ],
    [
      'search and recolor',
      (image) => ({ kind: 'search-and-recolor', image, prompt: 'red', selectPrompt: 'car', stylePreset: 'anime' }),
      { prompt: 'red', select_prompt: 'car', style_preset: 'anime' },
      { width: 640, height: 480 },
    ],
    [
      'remove background',
      (image) => ({ kind: 'remove-background', image, outputFormat: 'webp' }),
      { output_format: 'webp' },
      { width: 640, height: 480 },
    ],
    [
      'sketch control',
      (image) => ({ kind: 'control-sketch', image, prompt: 'castle', controlStrength: 0.4 }),
      { prompt: 'castle', control_strength: '0.4' },
      { width: 640, height: 480 },
    ],
    [
      'structure control',
      (image) => ({ kind: 'control-structure', image, prompt: 'castle', negativePrompt: 'fog' }),
      { prompt: 'castle', negative_prompt: 'fog' },
      { width: 640, height: 480 },
    ],
    [
      'style guide, which does take an aspect ratio next to its image',
      (image) => ({ kind: 'control-style', image, prompt: 'a cat', aspectRatio: '16:9', fidelity: 0.9 }),
      { prompt: 'a cat', aspect_ratio: '16:9', fidelity: '0.9' },
      { width: 1344, height: 768 },
    ],
    [
      'style transfer',
      (image) => ({
        kind: 'style-transfer',
        initImage: image,
        styleImage: image,
        styleStrength: 0.5,
        changeStrength: 0.2,
      }),
      { style_strength: '0.5', change_strength: '0.2' },
      { width: 1182, height: 887 },
    ],
  ];

  it.each(cases)(
    '%s: sends only the set fields, answers at the real size, charges the price',
    async (_label, build, fields, size) => {
      const { server, client } = await setup({ balance: 100 });
      const request = build(await png(640, 480));
      const result = await runImage(client, request, { clientUserId: 'user-hash' });
      const sent = server.requests[0]!;
      expect(server.invalidRequests()).toEqual([]);
      expect(sent.path).toBe(ENDPOINTS[endpointOf(request)].path);
      expect(sent.fields).toEqual(fields);
      expect(sent.headers['stability-client-user-id']).toBe('user-hash');
      expect({ width: result.width, height: result.height }).toEqual(size);
      expect(await decodedSize(result.bytes)).toMatchObject(size);
      expect(result.credits).toBe(priceOf(request));
      expect(server.ledger.entries()).toEqual([
        { requestIndex: 0, endpoint: endpointOf(request), credits: priceOf(request), reason: 'success' },
      ]);
      expect(server.control.balance()).toBe(100 - priceOf(request));
    },
  );

  it('sends both style-transfer images as their own file parts', async () => {
    const { server, client } = await setup();
    await runImage(client, { kind: 'style-transfer', initImage: await png(300, 200), styleImage: await png(100, 400) });
    expect(Object.keys(server.requests[0]!.files).sort()).toEqual(['init_image', 'style_image']);
    expect(server.invalidRequests()).toEqual([]);
  });

  it('returns a real alpha channel from remove-background', async () => {
    const { client } = await setup();
    const result = await runImage(client, { kind: 'remove-background', image: await png(256, 256) });
    const { data, info } = await sharp(result.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(0);
    expect(data[(128 * 256 + 128) * 4 + 3]).toBe(255);
  });
});

describe('creative upscale (asynchronous)', () => {
  it('submits once, answers pending, then the image; charged once, at submit', async () => {
    const { server, client } = await setup({ balance: 100, async: { pendingPolls: 2 } });
    const submitted = await client.run({ kind: 'upscale-creative', image: await png(512, 256), prompt: 'detail' });
    if (!('pending' in submitted)) throw new Error('creative upscale must be asynchronous');
    expect(submitted).toMatchObject({ pending: true, credits: 60 });
    expect(submitted.generationId).toMatch(/^[0-9a-f]{64}$/);
    expect(server.requests[0]?.headers.accept).toBe('application/json');

    expect(await client.poll(submitted.generationId)).toMatchObject({
      pending: true,
      generationId: submitted.generationId,
    });
    expect(await client.poll(submitted.generationId)).toMatchObject({ pending: true });
    const done = (await client.poll(submitted.generationId)) as ImageResult;
    expect(done).toMatchObject({ width: 4096, height: 2048, credits: 0, finishReason: 'SUCCESS', mime: 'image/png' });
    expect(done.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.requests.map((request) => request.status)).toEqual([200, 202, 202, 200]);
    expect(server.requests.slice(1).every((request) => request.headers.accept === '*/*')).toBe(true);
    expect(server.ledger.total()).toBe(60);
    expect(server.control.balance()).toBe(40);
    expect(server.invalidRequests()).toEqual([]);
  });

  it('throws GenerationNotFoundError once the result expired, and for ids it never gave', async () => {
    const clock = createManualClock(0);
    const { client } = await setup({ clock, async: { pendingPolls: 0, ttlMs: 1000 } });
    const submitted = await client.run({ kind: 'upscale-creative', image: await png(256, 256), prompt: 'p' });
    if (!('pending' in submitted)) throw new Error('expected pending');
    expect(await client.poll(submitted.generationId)).toMatchObject({ width: 4096, height: 4096 });
    clock.advance(1000);
    const expired = await caught(client.poll(submitted.generationId));
    expect(expired).toBeInstanceOf(GenerationNotFoundError);
    expect(expired).toMatchObject({ status: 404, code: 'generation_not_found', kind: 'generation_not_found' });
    expect(await caught(client.poll('a'.repeat(64)))).toBeInstanceOf(GenerationNotFoundError);
  });

  it('refuses a malformed generation id before building a URL from it', async () => {
    const { server, client } = await setup();
    for (const id of ['../balance', 'a'.repeat(63), `${'a'.repeat(63)}/`, `${'a'.repeat(60)}%2F..`]) {
      expect(await caught(client.poll(id))).toBeInstanceOf(RequestRefusedError);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('inputs fitted to each endpoint', () => {
  it('shrinks an input over the pixel limit before sending, keeps its shape and reports it', async () => {
    const { server, client } = await setup();
    const result = await runImage(client, { kind: 'upscale-conservative', image: await png(4000, 3000), prompt: 'p' });
    expect(result.inputFitted).toEqual({
      field: 'image',
      fromWidth: 4000,
      fromHeight: 3000,
      width: 3547,
      height: 2660,
    });
    expect(server.invalidRequests()).toEqual([]);
    expect(server.requests[0]?.files.image?.size).toBeGreaterThan(0);
  });

  it('never reports fitting for an input that fits', async () => {
    const { client } = await setup();
    const result = await runImage(client, { kind: 'control-sketch', image: await png(640, 480), prompt: 'p' });
    expect(result.inputFitted).toBeUndefined();
  });

  it.each([
    ['an image under the minimum', () => png(63, 200), 'image: is 63x200; each side must be at least 64 px'],
    [
      'an image outside 1:2.5–2.5:1',
      () => png(1000, 300),
      'image: is 1000x300 (3.33:1); its aspect ratio must be between 1:2.5 and 2.5:1',
    ],
    [
      'bytes that are not PNG, JPEG or WebP',
      async () => new TextEncoder().encode('GIF89a not really'),
      'image: must be a PNG, JPEG or WebP image (judged by its bytes)',
    ],
  ])('refuses %s locally, saying why, with nothing sent', async (_label, image, message) => {
    const { server, client } = await setup();
    const error = await caught(client.run({ kind: 'outpaint', image: await image(), left: 10 }));
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect((error as RequestRefusedError).errors).toEqual([message]);
    expect(server.requests).toHaveLength(0);
  });
});
