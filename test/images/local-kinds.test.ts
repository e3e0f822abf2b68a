import sharp, { type Region } from 'sharp';
import { describe, expect, it } from 'vitest';
import { createLocalFaults } from '../../src/images/faults.js';
import { createLocalBackend } from '../../src/images/local-backend.js';
import { RateLimitError, RequestRefusedError } from '../../src/stability/errors.js';
import { priceOf } from '../../src/stability/models.js';
import type { StabilityRequest } from '../../src/stability/request.js';
import { runImage } from './run-image.js';

/** A 640x480 picture with a horizontal gradient, so every edit has something to change. */
async function photo(width = 640, height = 480): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i += 1) {
    data[i * 3] = Math.round(((i % width) / width) * 255);
    data[i * 3 + 1] = 90;
    data[i * 3 + 2] = 160;
  }
  return new Uint8Array(
    await sharp(data, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

async function meanDiff(a: Uint8Array, b: Uint8Array, region: Region): Promise<number> {
  const raw = async (bytes: Uint8Array) => sharp(bytes).removeAlpha().extract(region).raw().toBuffer();
  const [x, y] = await Promise.all([raw(a), raw(b)]);
  let sum = 0;
  for (let i = 0; i < x.length; i += 1) sum += Math.abs((x[i] ?? 0) - (y[i] ?? 0));
  return sum / x.length;
}

const centre: Region = { left: 270, top: 190, width: 100, height: 100 };
const corner: Region = { left: 0, top: 60, width: 60, height: 60 };

describe('the local backend answers every kind at the real service’s size', () => {
  const cases: [string, (image: Uint8Array) => StabilityRequest, { width: number; height: number }][] = [
    [
      'outpaint: input plus margins',
      (image) => ({ kind: 'outpaint', image, left: 200, up: 100, seed: 3 }),
      { width: 840, height: 580 },
    ],
    [
      'conservative upscale: about 4 MP',
      (image) => ({ kind: 'upscale-conservative', image, prompt: 'p', seed: 3 }),
      { width: 2365, height: 1774 },
    ],
    ['fast upscale: 4x', (image) => ({ kind: 'upscale-fast', image }), { width: 2560, height: 1920 }],
    [
      'search and replace: same size',
      (image) => ({ kind: 'search-and-replace', image, prompt: 'a dog', searchPrompt: 'cat', seed: 3 }),
      { width: 640, height: 480 },
    ],
    [
      'search and recolor: same size',
      (image) => ({ kind: 'search-and-recolor', image, prompt: 'red', selectPrompt: 'car', seed: 3 }),
      { width: 640, height: 480 },
    ],
    ['remove background: same size', (image) => ({ kind: 'remove-background', image }), { width: 640, height: 480 }],
    [
      'sketch control: same size',
      (image) => ({ kind: 'control-sketch', image, prompt: 'castle', seed: 3 }),
      { width: 640, height: 480 },
    ],
    [
      'structure control: same size',
      (image) => ({ kind: 'control-structure', image, prompt: 'castle', seed: 3 }),
      { width: 640, height: 480 },
    ],
    [
      'style guide: 1 MP',
      (image) => ({ kind: 'control-style', image, prompt: 'castle', seed: 3 }),
      { width: 1024, height: 1024 },
    ],
    [
      'style transfer: 1 MP, the init image’s shape',
      (image) => ({ kind: 'style-transfer', initImage: image, styleImage: image, seed: 3 }),
      { width: 1182, height: 887 },
    ],
  ];

  it.each(cases)('%s', async (_label, build, size) => {
    const request = build(await photo());
    const result = await runImage(createLocalBackend(), request);
    const meta = await sharp(result.bytes).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual(size);
    expect({ width: result.width, height: result.height }).toEqual(size);
    expect(result.credits).toBe(priceOf(request));
    expect(result.finishReason).toBe('SUCCESS');
  });

  it('draws the same bytes for the same request and seed, another picture for another seed', async () => {
    const image = await photo();
    const request = { kind: 'outpaint', image, right: 128, prompt: 'more hills', seed: 11 } as const;
    const a = await runImage(createLocalBackend(), request);
    const b = await runImage(createLocalBackend(), request);
    const c = await runImage(createLocalBackend(), { ...request, seed: 12 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(await meanDiff(a.bytes, c.bytes, { left: 660, top: 100, width: 100, height: 200 })).toBeGreaterThan(3);
  });

  it('keeps the input where the outpaint margins leave it', async () => {
    const image = await photo();
    const result = await runImage(createLocalBackend(), { kind: 'outpaint', image, left: 200, up: 100, seed: 1 });
    const pasted = await sharp(result.bytes)
      .extract({ left: 200 + 100, top: 100 + 100, width: 200, height: 200 })
      .png()
      .toBuffer();
    const original = await sharp(image).extract({ left: 100, top: 100, width: 200, height: 200 }).png().toBuffer();
    expect(await meanDiff(pasted, original, { left: 0, top: 0, width: 200, height: 200 })).toBeLessThan(2);
  });

  it.each([
    ['search-and-replace', { prompt: 'a dog', searchPrompt: 'cat' }],
    ['search-and-recolor', { prompt: 'bright red', selectPrompt: 'car' }],
  ] as const)('%s visibly changes the found object and leaves the rest', async (kind, fields) => {
    const image = await photo();
    const result = await runImage(createLocalBackend(), { kind, image, seed: 5, ...fields } as StabilityRequest);
    expect(await meanDiff(result.bytes, image, centre)).toBeGreaterThan(20);
    expect(await meanDiff(result.bytes, image, corner)).toBeLessThan(2);
  });

  it.each(['png', 'webp'] as const)('removes the background into a real alpha channel (%s)', async (outputFormat) => {
    const result = await runImage(createLocalBackend(), {
      kind: 'remove-background',
      image: await photo(),
      outputFormat,
    });
    expect(result.mime).toBe(`image/${outputFormat}`);
    const { data, info } = await sharp(result.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    const alpha = (x: number, y: number) => data[(y * info.width + x) * 4 + 3];
    expect(alpha(5, 5)).toBe(0);
    expect(alpha(320, 240)).toBe(255);
  });

  it('refuses what the client refuses, before its latency or its faults', async () => {
    const faults = createLocalFaults();
    faults.set('rate-limit', { times: 1 });
    const backend = createLocalBackend({ faults, latencyMs: 60_000 });
    const tall = await photo(200, 600);
    const error = await backend.run({ kind: 'control-structure', image: tall, prompt: 'p' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(faults.get()).toEqual({ kind: 'rate-limit', remaining: 1 });
  });

  it('fails an edit through a [fault:…] tag in its prompt', async () => {
    const request = {
      kind: 'search-and-replace',
      image: await photo(),
      prompt: 'dog [fault:rate-limit]',
      searchPrompt: 'cat',
    } as const;
    await expect(createLocalBackend().run(request)).rejects.toBeInstanceOf(RateLimitError);
  });

  it('reports the fitting of an input over the endpoint’s maximum', async () => {
    const result = await runImage(createLocalBackend(), { kind: 'remove-background', image: await photo(2400, 2000) });
    expect(result.inputFitted).toEqual({
      field: 'image',
      fromWidth: 2400,
      fromHeight: 2000,
      width: 2243,
      height: 1869,
    });
    expect({ width: result.width, height: result.height }).toEqual({ width: 2243, height: 1869 });
  });
});
