import sharp, { type Region } from 'sharp';
import { describe, expect, it } from 'vitest';
import { ONE_MEGAPIXEL_SIZES } from '../../src/images/dimensions.js';
import {
  createLocalFaults,
  faultFromPrompt,
  LOCAL_FAULT_KINDS,
  type LocalFaultKind,
  parseFaultKind,
} from '../../src/images/faults.js';
import { createLocalBackend, UPSCALE_MAX_OUTPUT_PIXELS } from '../../src/images/local-backend.js';
import { LOCAL_PREVIEW_TITLE, titleBarHeight } from '../../src/images/local-banner.js';
import { STABILITY_ERROR_TABLE, type StabilityFailureKind } from '../../src/stability/error-table.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUnreachableError,
  AuthenticationError,
  BadRequestError,
  ContentModerationError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RateLimitError,
  RequestRefusedError,
  type StabilityError,
  UnexpectedResponseError,
  UnprocessableError,
} from '../../src/stability/errors.js';
import { checkInput } from '../../src/stability/input-limits.js';
import { ASPECT_RATIOS, MAX_SEED, MODELS } from '../../src/stability/models.js';
import { generate, upscale, vary } from './run-image.js';

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

async function pixels(bytes: Uint8Array, region?: Region): Promise<Raw> {
  let pipeline = sharp(bytes).removeAlpha();
  if (region) pipeline = pipeline.extract(region);
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Rows 15–75 % of the height: the scene, clear of the title and caption bars. */
function sceneBand(width: number, height: number): Region {
  return { left: 0, top: Math.round(height * 0.15), width, height: Math.round(height * 0.6) };
}

function meanAbsDiff(a: Raw, b: Raw): number {
  expect(a.data.length).toBe(b.data.length);
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 1) sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
  return sum / a.data.length;
}

/** Mean difference between horizontal neighbours: what a blur removes. */
function edgeEnergy(image: Raw): number {
  let sum = 0;
  for (let i = 3; i < image.data.length; i += 1) sum += Math.abs((image.data[i] ?? 0) - (image.data[i - 3] ?? 0));
  return sum / image.data.length;
}

function countPixels(image: Raw, test: (r: number, g: number, b: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < image.data.length; i += 3) {
    if (test(image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0)) count += 1;
  }
  return count;
}

/** A 320x240 horizontal gradient: a cheap, non-local input for vary. */
async function gradient(width = 320, height = 240): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((x / width) * 255);
      data[i + 1] = Math.round((y / height) * 255);
      data[i + 2] = 128;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

const base = { prompt: 'a lighthouse on a rocky coast at dusk', model: 'sd3.5-flash', seed: 42 } as const;

describe('createLocalBackend: generate', () => {
  it('is named local and answers like Stability', async () => {
    const backend = createLocalBackend();
    const result = await generate(backend, base);
    expect(backend.name).toBe('local');
    expect(result).toMatchObject({ mime: 'image/png', seed: 42, finishReason: 'SUCCESS', credits: 2.5 });
    expect(result.requestId).toMatch(/^local-[0-9a-f]{16}$/);
  });

  it('draws identical bytes for the same prompt, seed, model and aspect ratio, even across instances', async () => {
    const a = await generate(createLocalBackend(), { ...base, aspectRatio: '3:2' });
    const b = await generate(createLocalBackend(), { ...base, aspectRatio: '3:2' });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.requestId).not.toBe(b.requestId);
  });

  it('draws a visibly different picture for another seed or another prompt', async () => {
    const backend = createLocalBackend();
    const band = sceneBand(1024, 1024);
    const reference = await pixels((await generate(backend, base)).bytes, band);
    const otherSeed = await pixels((await generate(backend, { ...base, seed: 43 })).bytes, band);
    const otherPrompt = await pixels(
      (await generate(backend, { ...base, prompt: 'a snowy city at night' })).bytes,
      band,
    );
    expect(meanAbsDiff(reference, otherSeed)).toBeGreaterThan(5);
    expect(meanAbsDiff(reference, otherPrompt)).toBeGreaterThan(5);
  });

  it('draws a seed from the injected random source when the request has none or 0', async () => {
    const backend = createLocalBackend({ random: () => 0.25 });
    const expected = Math.floor(0.25 * MAX_SEED) + 1;
    const unseeded = await generate(backend, { prompt: base.prompt, model: base.model, outputFormat: 'jpeg' });
    const zero = await generate(backend, { ...base, seed: 0, outputFormat: 'jpeg' });
    const explicit = await generate(backend, { ...base, seed: expected, outputFormat: 'jpeg' });
    expect(unseeded.seed).toBe(expected);
    expect(zero.seed).toBe(expected);
    expect(Buffer.from(unseeded.bytes).equals(Buffer.from(explicit.bytes))).toBe(true);
    expect((await generate(createLocalBackend({ random: () => 0.75 }), { ...base, seed: 0 })).seed).not.toBe(expected);
  });

  it.each(ASPECT_RATIOS)('renders %s at the real 1 MP size', async (aspectRatio) => {
    const result = await generate(createLocalBackend(), { ...base, model: 'ultra', aspectRatio, outputFormat: 'jpeg' });
    const meta = await sharp(result.bytes).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual(ONE_MEGAPIXEL_SIZES[aspectRatio]);
    expect({ width: result.width, height: result.height }).toEqual(ONE_MEGAPIXEL_SIZES[aspectRatio]);
    expect(result.credits).toBe(MODELS.ultra.credits);
  });

  it('renders Core at 1.5 MP and charges its price', async () => {
    const result = await generate(createLocalBackend(), {
      ...base,
      model: 'core',
      aspectRatio: '16:9',
      outputFormat: 'jpeg',
    });
    const meta = await sharp(result.bytes).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 1664, height: 960 });
    expect(result).toMatchObject({ width: 1664, height: 960, credits: 3 });
  });

  it.each([
    ['png', 'image/png', 'png'],
    ['jpeg', 'image/jpeg', 'jpeg'],
    ['webp', 'image/webp', 'webp'],
  ] as const)('encodes %s', async (outputFormat, mime, format) => {
    const result = await generate(createLocalBackend(), { ...base, aspectRatio: '21:9', outputFormat });
    expect(result.mime).toBe(mime);
    expect((await sharp(result.bytes).metadata()).format).toBe(format);
  });

  it('labels every picture with the same opaque LOCAL PREVIEW title bar and a caption with the prompt', async () => {
    const backend = createLocalBackend();
    const a = await generate(backend, base);
    const b = await generate(backend, { ...base, prompt: 'a red <fox> & "friends" in a forest', seed: 7 });
    const bar = titleBarHeight(1024);
    const titleText = { left: 0, top: 0, width: 1024, height: Math.round(bar * 0.8) };
    const titleA = await pixels(a.bytes, titleText);
    expect(LOCAL_PREVIEW_TITLE).toContain('LOCAL PREVIEW');
    expect(meanAbsDiff(titleA, await pixels(b.bytes, titleText))).toBe(0);
    // The title is yellow text on near-black: without rendered glyphs there would be no yellow at all.
    const yellow = countPixels(titleA, (r, g, bl) => r > 180 && g > 140 && bl < 90);
    expect(yellow).toBeGreaterThan(1000);
    expect(countPixels(titleA, (r, g, bl) => r < 40 && g < 40 && bl < 40)).toBeGreaterThan(titleA.width * 10);

    const caption = { left: 0, top: 1024 - 40, width: 1024, height: 40 };
    const captionA = await pixels(a.bytes, caption);
    expect(countPixels(captionA, (r, g, bl) => r > 150 && g > 150 && bl > 150)).toBeGreaterThan(200);
    expect(meanAbsDiff(captionA, await pixels(b.bytes, caption))).toBeGreaterThan(0);
  });

  it('refuses locally, like the Stability client, what Stability would refuse', async () => {
    const backend = createLocalBackend();
    for (const request of [
      { ...base, seed: MAX_SEED + 1 },
      { ...base, seed: 1.5 },
      { ...base, prompt: '' },
      { ...base, prompt: 'x'.repeat(10_001) },
    ]) {
      await expect(generate(backend, request)).rejects.toMatchObject({
        name: 'RequestRefusedError',
        status: undefined,
      });
    }
  });
});

describe('createLocalBackend: vary', () => {
  it('answers at the model’s 1 MP size nearest the input’s shape and departs further from the input as strength grows', async () => {
    const backend = createLocalBackend();
    const input = await gradient();
    // 320x240 is 4:3; the nearest listed ratio is 5:4, which SD 3.5 renders at 1088x896.
    const band = sceneBand(1088, 896);
    const original = await pixels(await sharp(input).resize(1088, 896, { fit: 'fill' }).png().toBuffer(), band);
    const differences: number[] = [];
    for (const strength of [0, 0.25, 0.6, 1]) {
      const result = await vary(backend, { ...base, model: 'sd3.5-large', image: input, strength });
      expect(result).toMatchObject({ width: 1088, height: 896, seed: 42, credits: 6.5, finishReason: 'SUCCESS' });
      const meta = await sharp(result.bytes).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual({ width: 1088, height: 896 });
      differences.push(meanAbsDiff(original, await pixels(result.bytes, band)));
    }
    expect(differences[0]).toBeLessThan(1);
    for (let i = 1; i < differences.length; i += 1)
      expect(differences[i]).toBeGreaterThan((differences[i - 1] ?? 0) + 3);
  });

  it('refuses a model without image-to-image before any call, as the client does', async () => {
    const error = await vary(createLocalBackend(), {
      ...base,
      // A caller past the type system (stored params, a cast): the runtime check still holds.
      model: 'core' as 'ultra',
      image: await gradient(),
      strength: 0.5,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect((error as StabilityError).errors).toEqual(['model: Stable Image Core has no image-to-image mode']);
  });

  it('rejects an out-of-range strength and an undecodable image', async () => {
    const backend = createLocalBackend();
    const image = await gradient();
    await expect(vary(backend, { ...base, image, strength: 1.5 })).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(vary(backend, { ...base, image: new Uint8Array([1, 2, 3]), strength: 0.5 })).rejects.toThrow(
      'image: must be a PNG, JPEG or WebP image (judged by its bytes)',
    );
  });
});

describe('createLocalBackend: upscale', () => {
  it('resamples the input to 4x each side and charges the fast-upscale price', async () => {
    const left = sharp({ create: { width: 32, height: 48, channels: 3, background: '#ff0000' } });
    const input = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0000ff' } })
      .composite([{ input: await left.png().toBuffer(), left: 0, top: 0 }])
      .png()
      .toBuffer();
    const result = await upscale(createLocalBackend(), { image: input });
    expect(result).toMatchObject({ width: 256, height: 192, credits: 2, mime: 'image/png', finishReason: 'SUCCESS' });
    const top = await pixels(result.bytes, { left: 0, top: 0, width: 256, height: 120 });
    const at = (x: number, y: number) => Array.from(top.data.subarray((y * 256 + x) * 3, (y * 256 + x) * 3 + 3));
    expect(at(40, 60)).toEqual([255, 0, 0]);
    expect(at(200, 60)).toEqual([0, 0, 255]);
    const shrunk = await pixels(await sharp(result.bytes).resize(64, 48).png().toBuffer(), {
      left: 0,
      top: 0,
      width: 64,
      height: 30,
    });
    expect(meanAbsDiff(shrunk, await pixels(input, { left: 0, top: 0, width: 64, height: 30 }))).toBeLessThan(4);
  });

  it('fits a side over 1536 px before upscaling', async () => {
    const input = await sharp({ create: { width: 1600, height: 100, channels: 3, background: '#456' } })
      .png()
      .toBuffer();
    const result = await upscale(createLocalBackend(), { image: input, outputFormat: 'jpeg' });
    expect(result).toMatchObject({ width: 6144, height: 384, mime: 'image/jpeg' });
    const meta = await sharp(result.bytes).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 6144, height: 384 });
  });

  it('fits an image over 1,048,576 px before upscaling, staying within 16 MP', async () => {
    const input = await sharp({ create: { width: 1100, height: 1000, channels: 3, background: '#654' } })
      .jpeg()
      .toBuffer();
    const fitted = checkInput('upscale-fast', 1100, 1000);
    const result = await upscale(createLocalBackend(), { image: input, outputFormat: 'jpeg' });
    if (!fitted.ok || !fitted.fitted) throw new Error('1100x1000 must need fitting');
    expect(result).toMatchObject({ width: fitted.width * 4, height: fitted.height * 4 });
    expect(result.inputFitted).toEqual({
      field: 'image',
      fromWidth: 1100,
      fromHeight: 1000,
      width: fitted.width,
      height: fitted.height,
    });
    expect(result.width * result.height).toBeLessThanOrEqual(UPSCALE_MAX_OUTPUT_PIXELS);
  });

  it('refuses an input below the 32 px minimum locally', async () => {
    const tiny = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    await expect(upscale(createLocalBackend(), { image: tiny })).rejects.toThrow(
      'image: is 16x16; each side must be at least 32 px',
    );
  });
});

type FaultRow = [LocalFaultKind, new (...args: never[]) => StabilityError, StabilityFailureKind, number?, string?];
const ERROR_FAULTS: readonly FaultRow[] = [
  ['bad-request', BadRequestError, 'bad_request', 400, 'bad_request'],
  ['unauthorized', AuthenticationError, 'unauthorized', 401, 'unauthorized'],
  ['payment-required', PaymentRequiredError, 'payment_required', 402, 'payment_required'],
  ['content-moderation', ContentModerationError, 'content_moderation', 403, 'content_moderation'],
  ['not-found', NotFoundError, 'not_found', 404, 'not_found'],
  ['payload-too-large', PayloadTooLargeError, 'payload_too_large', 413, 'payload_too_large'],
  ['invalid-language', UnprocessableError, 'invalid_language', 422, 'invalid_language'],
  ['public-figure', UnprocessableError, 'public_figure', 422, 'public_figure'],
  ['rate-limit', RateLimitError, 'rate_limited', 429, 'rate_limit_exceeded'],
  ['server-error', InternalServerError, 'server_error', 500, 'internal_error'],
  ['unexpected-response', UnexpectedResponseError, 'unexpected_response', 200],
  ['timeout', APIConnectionTimeoutError, 'timeout'],
  ['unreachable', APIUnreachableError, 'unreachable'],
  ['connection', APIConnectionError, 'connection_lost'],
  ['connection-after-headers', APIConnectionError, 'connection_lost_after_headers', 200],
];

describe('createLocalBackend: faults', () => {
  it('has a test row for every error fault the switch offers', () => {
    const listed = LOCAL_FAULT_KINDS.map((entry) => entry.kind).filter((k) => k !== 'none' && k !== 'content-filtered');
    expect(ERROR_FAULTS.map(([kind]) => kind).sort()).toEqual([...listed].sort());
    for (const entry of LOCAL_FAULT_KINDS) expect(entry.label.length).toBeGreaterThan(3);
  });

  it.each(ERROR_FAULTS)('%s throws %O like the Stability client', async (kind, errorClass, failure, status, code) => {
    const faults = createLocalFaults();
    faults.set(kind);
    const error = await generate(createLocalBackend({ faults }), base).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errorClass);
    const stability = error as StabilityError;
    expect(stability.kind).toBe(failure);
    expect(stability.status).toBe(status);
    expect(stability.code).toBe(code);
    expect(stability.mayHaveCharged).toBe(STABILITY_ERROR_TABLE[failure].mayHaveCharged);
    if (code !== undefined) {
      expect(stability.requestId).toMatch(/^local-[0-9a-f]{16}$/);
      expect(stability.errorId).toMatch(/^[0-9a-z_]+$/);
      expect(stability.errors.length).toBe(1);
    }
  });

  it('uses Stability’s own messages', async () => {
    const faults = createLocalFaults();
    const backend = createLocalBackend({ faults });
    faults.set('invalid-language');
    await expect(generate(backend, base)).rejects.toThrow('English is the only supported language for this service.');
    faults.set('rate-limit');
    await expect(generate(backend, base)).rejects.toMatchObject({
      errorId: 'rate_limit_exceeded',
      message: expect.stringContaining('150 requests within a 10 second period'),
    });
    faults.set('public-figure');
    await expect(generate(backend, base)).rejects.toMatchObject({ reason: 'public_figure' });
  });

  it('fails the next `times` calls only, then succeeds', async () => {
    const faults = createLocalFaults();
    const backend = createLocalBackend({ faults });
    faults.set('rate-limit', { times: 2 });
    await expect(generate(backend, base)).rejects.toBeInstanceOf(RateLimitError);
    expect(faults.get()).toEqual({ kind: 'rate-limit', remaining: 1 });
    await expect(upscale(backend, { image: await gradient() })).rejects.toBeInstanceOf(RateLimitError);
    expect(faults.get()).toEqual({ kind: 'none', remaining: undefined });
    await expect(generate(backend, { ...base, outputFormat: 'jpeg' })).resolves.toMatchObject({
      finishReason: 'SUCCESS',
    });
  });

  it('fails every call until cleared when no count is given', async () => {
    const faults = createLocalFaults();
    const backend = createLocalBackend({ faults });
    faults.set('server-error');
    for (let i = 0; i < 3; i += 1) await expect(generate(backend, base)).rejects.toBeInstanceOf(InternalServerError);
    await expect(vary(backend, { ...base, image: await gradient(), strength: 0.5 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    faults.clear();
    await expect(generate(backend, { ...base, outputFormat: 'jpeg' })).resolves.toMatchObject({
      finishReason: 'SUCCESS',
    });
  });

  it('lets a [fault:<kind>] prompt tag fail one call without touching the switch', async () => {
    const faults = createLocalFaults();
    faults.set('rate-limit', { times: 1 });
    const backend = createLocalBackend({ faults });
    await expect(generate(backend, { ...base, prompt: 'a cat [fault:content-moderation]' })).rejects.toBeInstanceOf(
      ContentModerationError,
    );
    expect(faults.get()).toEqual({ kind: 'rate-limit', remaining: 1 });
    await expect(generate(backend, { ...base, prompt: 'a cat [fault:invalid-language]' })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('returns a blurred, charged CONTENT_FILTERED image for content-filtered', async () => {
    const faults = createLocalFaults();
    const backend = createLocalBackend({ faults });
    const request = { ...base, prompt: 'a busy city street with trees', model: 'ultra' } as const;
    const clean = await generate(backend, request);
    faults.set('content-filtered', { times: 1 });
    const filtered = await generate(backend, request);
    expect(filtered).toMatchObject({
      finishReason: 'CONTENT_FILTERED',
      credits: 8,
      width: 1024,
      height: 1024,
      seed: 42,
    });
    const band = sceneBand(1024, 1024);
    const cleanEnergy = edgeEnergy(await pixels(clean.bytes, band));
    const filteredEnergy = edgeEnergy(await pixels(filtered.bytes, band));
    expect(filteredEnergy).toBeLessThan(cleanEnergy * 0.5);
    expect(meanAbsDiff(await pixels(clean.bytes, band), await pixels(filtered.bytes, band))).toBeGreaterThan(1);
  });

  it('filters upscales and variations too, still charging them', async () => {
    const faults = createLocalFaults();
    const backend = createLocalBackend({ faults });
    faults.set('content-filtered', { times: 2 });
    const upscaled = await upscale(backend, { image: await gradient(64, 48) });
    const varied = await vary(backend, { ...base, image: await gradient(), strength: 0.4 });
    expect(upscaled).toMatchObject({ finishReason: 'CONTENT_FILTERED', credits: 2 });
    expect(varied).toMatchObject({ finishReason: 'CONTENT_FILTERED', credits: MODELS['sd3.5-flash'].credits });
  });
});

describe('createLocalBackend: latency', () => {
  it('stops waiting when the call is aborted, rejecting with the abort reason', async () => {
    const backend = createLocalBackend({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = generate(backend, base, { signal: controller.signal });
    const reason = new Error('cancelled by user');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(generate(backend, base, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe('fault helpers', () => {
  it('parses fault kinds from env or CLI spelling', () => {
    expect(parseFaultKind('RATE_LIMIT')).toBe('rate-limit');
    expect(parseFaultKind(' content-filtered ')).toBe('content-filtered');
    expect(parseFaultKind('')).toBe('none');
    expect(parseFaultKind('bogus')).toBeUndefined();
    for (const { kind } of LOCAL_FAULT_KINDS) expect(parseFaultKind(kind)).toBe(kind);
  });

  it('finds a prompt tag anywhere and ignores unknown kinds', () => {
    expect(faultFromPrompt('a dog [fault:timeout] at sea')).toBe('timeout');
    expect(faultFromPrompt('[FAULT:Server_Error]')).toBe('server-error');
    expect(faultFromPrompt('a dog [fault:nope]')).toBeUndefined();
    expect(faultFromPrompt('a dog')).toBeUndefined();
  });

  it('validates times and treats times 0 as clear', () => {
    const faults = createLocalFaults();
    expect(() => faults.set('timeout', { times: -1 })).toThrow(RangeError);
    expect(() => faults.set('timeout', { times: 1.5 })).toThrow(RangeError);
    faults.set('timeout', { times: 0 });
    expect(faults.get()).toEqual({ kind: 'none', remaining: undefined });
    faults.set('timeout');
    expect(faults.take()).toBe('timeout');
    expect(faults.take()).toBe('timeout');
    expect(faults.get()).toEqual({ kind: 'timeout', remaining: undefined });
  });
});
