import sharp from 'sharp';
import { FormData, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { outputSize } from '../../src/images/dimensions.js';
import { createStabilityClient, type StabilityClient } from '../../src/stability/client.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  ContentModerationError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RateLimitError,
  type StabilityError,
  UnprocessableError,
} from '../../src/stability/errors.js';
import { generate, upscale, vary } from '../images/run-image.js';
import {
  type FakeStabilityServer,
  type FakeStabilityServerOptions,
  maxRequestsInWindow,
  startFakeStabilityServer,
} from './stability-server.js';

const ULTRA = '/v2beta/stable-image/generate/ultra';
const CORE = '/v2beta/stable-image/generate/core';
const SD3 = '/v2beta/stable-image/generate/sd3';
const UPSCALE = '/v2beta/stable-image/upscale/fast';
const CONSERVATIVE = '/v2beta/stable-image/upscale/conservative';
const REMOVE_BG = '/v2beta/stable-image/edit/remove-background';
const OUTPAINT = '/v2beta/stable-image/edit/outpaint';
const REPLACE = '/v2beta/stable-image/edit/search-and-replace';
const SKETCH = '/v2beta/stable-image/control/sketch';
const TRANSFER = '/v2beta/stable-image/control/style-transfer';

const servers: FakeStabilityServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: FakeStabilityServerOptions = {}): Promise<FakeStabilityServer> {
  const server = await startFakeStabilityServer(options);
  servers.push(server);
  return server;
}

function clientFor(server: FakeStabilityServer, timeoutMs = 10_000): StabilityClient {
  return createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs, clientId: 'fake-test' });
}

async function png(width: number, height: number): Promise<Uint8Array> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 50, b: 50 } } })
    .png()
    .toBuffer();
}

function form(fields: Record<string, string | Uint8Array>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, new Blob([value], { type: 'image/png' }), 'input.png');
  }
  return body;
}

interface RawAnswer {
  status: number;
  json: { id?: string; name?: string; errors?: string[] };
}

async function post(
  server: FakeStabilityServer,
  path: string,
  body: FormData | string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, accept: 'image/*', ...headers },
    body,
  });
  const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
  return { status: response.status, json: response.status === 200 ? {} : JSON.parse(text) };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('valid traffic from the real client', () => {
  it('answers every generate model with real images, documented headers and no invalid requests', async () => {
    const server = await start();
    const client = clientFor(server);

    const ultra = await generate(
      client,
      { prompt: 'a lighthouse', model: 'ultra', aspectRatio: '16:9', seed: 77 },
      { clientUserId: 'u-1' },
    );
    expect(ultra).toMatchObject({ width: 1344, height: 768, seed: 77, finishReason: 'SUCCESS', mime: 'image/png' });
    expect(ultra.requestId).toMatch(/^[0-9a-f]{32}$/);

    const core = await generate(client, { prompt: 'a lighthouse', model: 'core', outputFormat: 'jpeg' });
    expect(core.mime).toBe('image/jpeg');
    expect(core.width * core.height).toBeGreaterThan(1.45e6);
    expect(core.width * core.height).toBeLessThan(1.65e6);
    expect(core.seed).toBeGreaterThan(0);

    const flash = await generate(client, {
      prompt: 'x',
      model: 'sd3.5-flash',
      aspectRatio: '9:21',
      outputFormat: 'webp',
    });
    expect(flash).toMatchObject({ width: 640, height: 1536, mime: 'image/webp' });
    expect((await sharp(flash.bytes).metadata()).format).toBe('webp');

    expect(server.invalidRequests()).toEqual([]);
    expect(server.requests.map((request) => request.status)).toEqual([200, 200, 200]);
    const first = server.requests[0]!;
    expect(first).toMatchObject({ method: 'POST', path: ULTRA, hasAuth: true, bearer: server.apiKey });
    expect(first.fields).toEqual({ prompt: 'a lighthouse', aspect_ratio: '16:9', seed: '77' });
    expect(first.headers.authorization).toBeUndefined();
    expect(first.headers['stability-client-user-id']).toBe('u-1');
    expect(server.requests[2]?.fields.model).toBe('sd3.5-flash');
  });

  it('accepts image-to-image on ultra and sd3, upscales 4x, and charges the balance', async () => {
    const server = await start({ balance: 100 });
    const client = clientFor(server);
    const input = await png(320, 192);

    const ultra = await vary(client, { prompt: 'v', model: 'ultra', image: input, strength: 0.5 });
    const sd3 = await vary(client, { prompt: 'v', model: 'sd3.5-medium', image: input, strength: 0.9 });
    expect(ultra.width / ultra.height).toBeGreaterThan(1.5);
    expect(sd3.width * sd3.height).toBeGreaterThan(0.9e6);
    const upscaled = await upscale(client, { image: input });
    expect(upscaled).toMatchObject({ width: 1280, height: 768 });

    expect(server.invalidRequests()).toEqual([]);
    expect(server.requests[1]?.files.image?.size).toBe(input.length);
    expect(server.requests.map((request) => request.charged)).toEqual([8, 3.5, 2]);
    expect(await client.getBalance()).toBe(100 - 8 - 3.5 - 2);
    server.control.setBalance(42.5);
    expect(await client.getBalance()).toBe(42.5);
  });

  it('returns base64 JSON when asked with accept: application/json', async () => {
    const server = await start();
    const response = await fetch(`${server.url}${CORE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}`, accept: 'application/json' },
      body: form({ prompt: 'p', seed: '5' }),
    });
    expect(response.headers.get('content-type')).toBe('application/json; type=image/png');
    const body = (await response.json()) as { image: string; seed: number; finish_reason: string };
    expect(body).toMatchObject({ seed: 5, finish_reason: 'SUCCESS' });
    expect((await sharp(Buffer.from(body.image, 'base64')).metadata()).width).toBe(outputSize('core', '1:1').width);
  });
});

describe('contract validation', () => {
  it('rejects a JSON body with the real content-type error', async () => {
    const server = await start();
    const answer = await post(server, CORE, JSON.stringify({ prompt: 'p' }), { 'content-type': 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ name: 'bad_request', errors: ['content-type: must be multipart/form-data'] });
    expect(answer.json.id).toMatch(/^[0-9a-f]{32}$/);
    expect(server.invalidRequests()).toHaveLength(1);
  });

  const invalidCases: [string, string, Record<string, string | 'IMAGE'>, string][] = [
    ['an unknown field', CORE, { prompt: 'p', width: '512' }, 'width: unknown field'],
    ['a bad style preset', CORE, { prompt: 'p', style_preset: 'watercolor' }, 'style_preset: must be one of'],
    ['a bad aspect ratio', ULTRA, { prompt: 'p', aspect_ratio: '4:3' }, 'aspect_ratio: must be one of'],
    ['a bad sd3 model', SD3, { prompt: 'p', model: 'sd4-large' }, 'model: must be one of'],
    ['a bad output format', CORE, { prompt: 'p', output_format: 'gif' }, 'output_format: must be one of'],
    ['a seed above the maximum', CORE, { prompt: 'p', seed: '4294967295' }, 'seed: must be <= 4294967294'],
    ['a non-numeric seed', CORE, { prompt: 'p', seed: 'lucky' }, 'seed: must be number'],
    ['an empty prompt', CORE, { prompt: '' }, 'prompt: must NOT have fewer than 1 characters'],
    ['a prompt over 10,000 chars', CORE, { prompt: 'a'.repeat(10_001) }, 'prompt: must NOT have more than'],
    ['a missing prompt', ULTRA, { seed: '1' }, 'prompt: required'],
    ['a strength above 1', ULTRA, { prompt: 'p', image: 'IMAGE', strength: '1.2' }, 'strength: must be <= 1'],
    ['an image without strength', ULTRA, { prompt: 'p', image: 'IMAGE' }, 'strength: required when image'],
    ['strength without an image', ULTRA, { prompt: 'p', strength: '0.5' }, 'image: required when strength'],
    [
      'aspect_ratio with an image (ultra)',
      ULTRA,
      { prompt: 'p', image: 'IMAGE', strength: '0.5', aspect_ratio: '1:1' },
      'aspect_ratio: not allowed when an image is provided',
    ],
    [
      'aspect_ratio with an image (sd3)',
      SD3,
      { prompt: 'p', mode: 'image-to-image', image: 'IMAGE', strength: '0.5', aspect_ratio: '16:9' },
      'aspect_ratio: not allowed when an image is provided',
    ],
    ['an sd3 image without image-to-image mode', SD3, { prompt: 'p', image: 'IMAGE', strength: '0.5' }, 'image: only'],
    [
      'image-to-image without an image',
      SD3,
      { prompt: 'p', mode: 'image-to-image', strength: '0.5' },
      'image: required',
    ],
    ['a text field sent for the image', UPSCALE, { image: 'not a file' }, 'image: must be a file'],
    ['conservative upscale without a prompt', CONSERVATIVE, { image: 'IMAGE' }, 'prompt: required'],
    [
      'remove-background as jpeg',
      REMOVE_BG,
      { image: 'IMAGE', output_format: 'jpeg' },
      'output_format: must be one of',
    ],
    [
      'outpaint creativity above 1',
      OUTPAINT,
      { image: 'IMAGE', left: '10', creativity: '1.5' },
      'creativity: must be <= 1',
    ],
    ['outpaint margin above 2000', OUTPAINT, { image: 'IMAGE', left: '2001' }, 'left: must be <= 2000'],
    ['outpaint growing nothing', OUTPAINT, { image: 'IMAGE' }, 'left, right, up, down: at least one'],
    [
      'style transfer change_strength below 0.1',
      TRANSFER,
      { init_image: 'IMAGE', style_image: 'IMAGE', change_strength: '0.05' },
      'change_strength: must be >= 0.1',
    ],
    ['search-and-replace without search_prompt', REPLACE, { image: 'IMAGE', prompt: 'p' }, 'search_prompt: required'],
    [
      'an unknown field on control/sketch',
      SKETCH,
      { image: 'IMAGE', prompt: 'p', strength: '0.5' },
      'strength: unknown field',
    ],
  ];

  for (const [label, path, fields, expected] of invalidCases) {
    it(`rejects ${label}`, async () => {
      const server = await start();
      const image = await png(128, 128);
      const files = new Set(['image', 'init_image', 'style_image']);
      const body = new FormData();
      for (const [name, value] of Object.entries(fields)) {
        if (value === 'IMAGE' && files.has(name)) body.append(name, new Blob([image], { type: 'image/png' }), 'in.png');
        else body.append(name, value);
      }
      const answer = await post(server, path, body);
      expect(answer.status).toBe(400);
      expect(answer.json.name).toBe('bad_request');
      expect(answer.json.errors?.some((error) => error.startsWith(expected))).toBe(true);
      expect(server.invalidRequests()).toHaveLength(1);
      expect(server.invalidRequests()[0]?.invalid).toEqual(answer.json.errors);
    });
  }

  it('rejects a file sent for a text field', async () => {
    const server = await start();
    const body = new FormData();
    body.append('prompt', new Blob(['hello'], { type: 'text/plain' }), 'prompt.txt');
    const answer = await post(server, CORE, body);
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toContain('prompt: must be a text field, not a file');
  });

  it('rejects an upscale input over fast upscale’s pixel limits', async () => {
    const server = await start();
    const answer = await post(server, UPSCALE, form({ image: await png(1600, 1000) }));
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toContain('image: width must be between 32 and 1536 pixels (got 1600)');
    expect(answer.json.errors?.some((error) => error.startsWith('image: total pixel count'))).toBe(true);
  });

  it('rejects an accept header outside the spec', async () => {
    const server = await start();
    const answer = await post(server, CORE, form({ prompt: 'p' }), { accept: '*/*' });
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual(['accept: must be one of image/*, application/json']);
  });

  it('answers 413 for a body over 10 MiB', async () => {
    const server = await start();
    const answer = await post(server, UPSCALE, form({ image: new Uint8Array(10 * 1024 * 1024 + 1) }));
    expect(answer.status).toBe(413);
    expect(answer.json.name).toBe('payload_too_large');
  });

  it('answers 404 for an unknown path', async () => {
    const server = await start();
    const answer = await post(server, '/v2beta/stable-image/generate/sd4', form({ prompt: 'p' }));
    expect(answer).toMatchObject({ status: 404, json: { name: 'not_found' } });
  });

  it('checks parameters before the key, then answers 401 for a wrong or missing key', async () => {
    const server = await start();
    const wrong = { authorization: 'Bearer sk-wrong-key-000000000' };
    expect((await post(server, CORE, form({ prompt: 'p', seed: '-1' }), wrong)).status).toBe(400);

    const unauthorized = await post(server, CORE, form({ prompt: 'p' }), wrong);
    expect(unauthorized).toMatchObject({
      status: 401,
      json: { name: 'unauthorized', errors: ['authorization: invalid or missing header value'] },
    });
    const missing = await fetch(`${server.url}${CORE}`, { method: 'POST', body: form({ prompt: 'p' }) });
    expect(missing.status).toBe(400); // undici's default accept */* is outside the spec and checked first
    const noKey = await fetch(`${server.url}${CORE}`, {
      method: 'POST',
      headers: { accept: 'image/*' },
      body: form({ prompt: 'p' }),
    });
    expect(noKey.status).toBe(401);
    expect(server.requests.at(-1)?.hasAuth).toBe(false);
  });

  it('echoes a wrong key in the v1 balance 401 like the live API, which the client scrubs', async () => {
    const server = await start();
    const wrongKey = 'sk-wrongwrongwrongwrong1234';
    const raw = await fetch(`${server.url}/v1/user/balance`, { headers: { authorization: `Bearer ${wrongKey}` } });
    expect(await raw.text()).toContain(wrongKey);

    const client = createStabilityClient({ apiKey: wrongKey, baseUrl: server.url, timeoutMs: 5_000 });
    const error = await caught(client.getBalance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).not.toContain(wrongKey);
  });
});

describe('failNext', () => {
  const statusCases = [
    [401, AuthenticationError, 'unauthorized'],
    [402, PaymentRequiredError, 'payment_required'],
    [403, ContentModerationError, 'content_moderation'],
    [404, NotFoundError, 'not_found'],
    [413, PayloadTooLargeError, 'payload_too_large'],
    [422, UnprocessableError, 'invalid_language'],
    [429, RateLimitError, 'rate_limit_exceeded'],
    [500, InternalServerError, 'internal_error'],
  ] as const;

  for (const [status, ErrorClass, name] of statusCases) {
    it(`answers ${status} ${name} once, then succeeds`, async () => {
      const server = await start({ balance: 50 });
      const client = clientFor(server);
      server.control.failNext(status);
      const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, code: name });
      expect((error as StabilityError).errors.length).toBeGreaterThan(0);
      expect((error as StabilityError).requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(server.requests[0]?.charged).toBe(0);
      expect(server.control.balance()).toBe(50);
      await expect(generate(client, { prompt: 'p', model: 'core' })).resolves.toMatchObject({
        finishReason: 'SUCCESS',
      });
    });
  }

  it('uses the given name and errors, for the given count', async () => {
    const server = await start();
    const client = clientFor(server);
    server.control.failNext(422, { name: 'public_figure', errors: ['likeness detected'], count: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await caught(generate(client, { prompt: 'p', model: 'ultra' }));
      expect((error as UnprocessableError).reason).toBe('public_figure');
      expect((error as StabilityError).message).toBe('likeness detected');
    }
    await expect(generate(client, { prompt: 'p', model: 'ultra' })).resolves.toBeDefined();
  });

  it('returns CONTENT_FILTERED as a charged 200 with a grey image', async () => {
    const server = await start({ balance: 20 });
    server.control.failNext('content-filtered');
    const result = await generate(clientFor(server), { prompt: 'p', model: 'ultra', aspectRatio: '3:2' });
    expect(result).toMatchObject({ finishReason: 'CONTENT_FILTERED', width: 1216, height: 832, credits: 8 });
    const { channels } = await sharp(result.bytes).stats();
    expect(channels.map((channel) => Math.round(channel.mean))).toEqual([128, 128, 128]);
    expect(server.control.balance()).toBe(12);
  });

  it('hangs until the client times out', async () => {
    const server = await start();
    server.control.failNext('hang');
    const error = await caught(generate(clientFor(server, 200), { prompt: 'p', model: 'core' }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests[0]?.status).toBeUndefined();
  });

  it('ends a hung request when closed', async () => {
    const server = await start();
    server.control.failNext('hang');
    const pending = caught(generate(clientFor(server, 60_000), { prompt: 'p', model: 'core' }));
    await server.waitForRequests(1);
    await server.close();
    const error = await pending;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('holds every answer for the set latency', async () => {
    const server = await start();
    server.control.setLatency(60_000);
    const pending = caught(clientFor(server, 60_000).getBalance());
    await server.waitForRequests(1);
    // Nothing is answered while the latency runs; closing drops the held answer.
    expect(server.requests[0]?.status).toBeUndefined();
    await server.close();
    expect(await pending).toBeInstanceOf(APIConnectionError);
    expect(server.requests[0]?.status).toBeUndefined();
  });
});

describe('quota mode', () => {
  it('answers 429 past the limit and keeps refusing for the whole lockout', async () => {
    const clock = createManualClock(1_000_000);
    const server = await start({ clock });
    server.control.enforceQuota({ limit: 3, windowMs: 1_000, lockoutMs: 5_000 });
    const client = clientFor(server);
    const generateOne = () => generate(client, { prompt: 'p', model: 'core' });

    for (let index = 0; index < 3; index++) await generateOne();
    const limited = await caught(generateOne());
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ code: 'rate_limit_exceeded', errorId: 'rate_limit_exceeded' });

    clock.advance(2_000); // the window is empty again, but the lockout is not over
    expect(await caught(generateOne())).toBeInstanceOf(RateLimitError);
    clock.advance(2_999);
    expect(await caught(generateOne())).toBeInstanceOf(RateLimitError);
    clock.advance(1);
    await expect(generateOne()).resolves.toMatchObject({ finishReason: 'SUCCESS' });

    expect(server.requests.map((request) => request.quotaRejected)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(server.requests.map((request) => request.receivedAt - 1_000_000)).toEqual([0, 0, 0, 0, 2_000, 4_999, 5_000]);
  });

  it('uses a sliding window, not fixed buckets', async () => {
    const clock = createManualClock(0);
    const server = await start({ clock, quota: { limit: 2, windowMs: 1_000, lockoutMs: 10_000 } });
    const client = clientFor(server);
    const statuses: (number | undefined)[] = [];
    for (const at of [0, 600, 1_100, 1_500]) {
      clock.set(at);
      await client.getBalance().catch(() => undefined);
      statuses.push(server.requests.at(-1)?.status);
    }
    // Fixed 1 s buckets would allow 1100 and 1500; 600, 1100 and 1500 all lie within one second.
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('computes the most requests in any window from the recorded dispatch times', () => {
    expect(maxRequestsInWindow([0, 500, 999, 1_000, 1_999], 1_000)).toBe(3);
    expect(maxRequestsInWindow([2_000, 0, 1_000], 1_000)).toBe(1);
    expect(maxRequestsInWindow([], 1_000)).toBe(0);
  });
});
