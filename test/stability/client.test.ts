import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import sharp from 'sharp';
import { Agent, FormData, MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createStabilityBackend } from '../../src/images/stability-backend.js';
import { createStabilityClient, type StabilityClientOptions } from '../../src/stability/client.js';
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
  StabilityError,
  UnexpectedResponseError,
  UnprocessableError,
} from '../../src/stability/errors.js';
import { UPSCALE_FAST_MAX_PIXELS, UPSCALE_FAST_MAX_SIDE } from '../../src/stability/models.js';
import { generate, upscale, vary } from '../images/run-image.js';

const ORIGIN = 'https://api.stability.ai';
const KEY = 'sk-TESTKEYabcdefghijklmnopqrstuvwxyz0123456789';
const ULTRA = '/v2beta/stable-image/generate/ultra';
const CORE = '/v2beta/stable-image/generate/core';
const SD3 = '/v2beta/stable-image/generate/sd3';
const UPSCALE = '/v2beta/stable-image/upscale/fast';

interface Captured {
  path: string;
  method: string;
  headers: Record<string, string>;
  form: FormData;
}

interface Reply {
  status?: number;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

async function png(width: number, height: number): Promise<Uint8Array> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 30 } } })
    .png()
    .toBuffer();
}

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

/** A client on a MockAgent that records every request to `path` and answers each with `reply`. */
function mocked(path: string, reply: Reply | (() => Reply), options: Partial<StabilityClientOptions> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const captured: Captured[] = [];
  const interceptor = agent.get(ORIGIN).intercept({ path, method: () => true });
  const scope = interceptor.reply((request) => {
    const body: unknown = request.body;
    if (!(body instanceof FormData) && request.method === 'POST') throw new Error('body was not multipart FormData');
    captured.push({
      path: request.path,
      method: request.method,
      headers: request.headers as Record<string, string>,
      form: body instanceof FormData ? body : new FormData(),
    });
    const answer = typeof reply === 'function' ? reply() : reply;
    return {
      statusCode: answer.status ?? 200,
      data: answer.body ?? '',
      responseOptions: { headers: answer.headers ?? {} },
    };
  });
  scope.persist();
  const client = createStabilityClient({ apiKey: KEY, timeoutMs: 2000, dispatcher: agent, ...options });
  return { agent, client, captured, scope };
}

async function imageReply(headers: Record<string, string> = {}): Promise<Reply> {
  return {
    body: await png(96, 64),
    headers: {
      'content-type': 'image/png',
      'finish-reason': 'SUCCESS',
      seed: '1234',
      'x-request-id': 'req-1',
      ...headers,
    },
  };
}

function fieldNames(form: FormData): string[] {
  return [...form.keys()].sort();
}

async function fileBytes(form: FormData, name: string): Promise<Uint8Array> {
  const value = form.get(name);
  if (value === null || typeof value === 'string') throw new Error(`${name} is not a file part`);
  return new Uint8Array(await value.arrayBuffer());
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function errorJson(name: string, errors: string[]): string {
  return JSON.stringify({ id: 'err-id-1', name, errors });
}

describe('request shape', () => {
  it('sends a multipart text-to-image request with only the fields the caller set', async () => {
    const { client, captured } = mocked(CORE, await imageReply(), { clientId: 'imagine-bot', clientVersion: '0.1.0' });
    await generate(client, { prompt: 'a red fox', model: 'core' });

    expect(captured).toHaveLength(1);
    const [sent] = captured;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(CORE);
    expect(fieldNames(sent!.form)).toEqual(['prompt']);
    expect(sent?.form.get('prompt')).toBe('a red fox');
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.headers.accept).toBe('image/*');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.headers['stability-client-id']).toBe('imagine-bot');
    expect(sent?.headers['stability-client-version']).toBe('0.1.0');
    expect(sent?.headers['stability-client-user-id']).toBeUndefined();
  });

  it('maps an sd3.5 model to the sd3 endpoint with its model field and sends every set field', async () => {
    const { client, captured } = mocked(SD3, await imageReply());
    await generate(
      client,
      {
        prompt: 'castle',
        model: 'sd3.5-large-turbo',
        negativePrompt: 'blur',
        aspectRatio: '16:9',
        seed: 42,
        stylePreset: 'anime',
        outputFormat: 'webp',
      },
      { clientUserId: 'user-hash-1' },
    );
    const form = captured[0]!.form;
    expect(captured[0]?.path).toBe(SD3);
    expect(Object.fromEntries(form.entries())).toEqual({
      prompt: 'castle',
      model: 'sd3.5-large-turbo',
      negative_prompt: 'blur',
      aspect_ratio: '16:9',
      seed: '42',
      style_preset: 'anime',
      output_format: 'webp',
    });
    expect(captured[0]?.headers['stability-client-user-id']).toBe('user-hash-1');
  });

  it('sends ultra without a model field', async () => {
    const { client, captured } = mocked(ULTRA, await imageReply());
    await generate(client, { prompt: 'p', model: 'ultra', seed: 0 });
    expect(captured[0]?.path).toBe(ULTRA);
    expect(fieldNames(captured[0]!.form)).toEqual(['prompt', 'seed']);
  });

  it('sends sd3 image-to-image with mode, image and strength but never aspect_ratio', async () => {
    const input = await png(128, 96);
    const { client, captured } = mocked(SD3, await imageReply());
    await vary(client, { prompt: 'vary', model: 'sd3.5-flash', image: input, strength: 0.95, seed: 7 });
    const form = captured[0]!.form;
    expect(fieldNames(form)).toEqual(['image', 'mode', 'model', 'prompt', 'seed', 'strength']);
    expect(form.get('mode')).toBe('image-to-image');
    expect(form.get('model')).toBe('sd3.5-flash');
    expect(form.get('strength')).toBe('0.95');
    expect(form.has('aspect_ratio')).toBe(false);
    const image = form.get('image');
    expect(typeof image === 'object' && image?.type).toBe('image/png');
    expect(Buffer.from(await fileBytes(form, 'image')).equals(Buffer.from(input))).toBe(true);
  });

  it('sends ultra image-to-image without mode or model', async () => {
    const { client, captured } = mocked(ULTRA, await imageReply());
    await vary(client, { prompt: 'vary', model: 'ultra', image: await png(128, 96), strength: 0.3 });
    expect(fieldNames(captured[0]!.form)).toEqual(['image', 'prompt', 'strength']);
  });

  it('refuses image-to-image on Core locally, before any request, with its own error class', async () => {
    const { client, captured } = mocked(CORE, await imageReply());
    // A caller past the type system (stored params, a cast): the runtime check still holds.
    const image = await png(64, 64);
    const error = await caught(vary(client, { prompt: 'v', model: 'core' as 'ultra', image, strength: 0.5 }));
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(error).not.toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ kind: 'refused_locally', status: undefined, mayHaveCharged: false });
    expect(captured).toHaveLength(0);
  });

  it('rejects an out-of-range strength or seed locally', async () => {
    const { client, captured } = mocked(ULTRA, await imageReply());
    const image = await png(64, 64);
    expect(await caught(vary(client, { prompt: 'v', model: 'ultra', image, strength: 1.5 }))).toBeInstanceOf(
      RequestRefusedError,
    );
    expect(await caught(generate(client, { prompt: 'v', model: 'ultra', seed: 4_294_967_295 }))).toBeInstanceOf(
      RequestRefusedError,
    );
    expect(captured).toHaveLength(0);
  });
});

describe('attribution headers', () => {
  it('refuses a stability-client-user-id over 256 characters before sending', async () => {
    const { client, captured } = mocked(CORE, await imageReply());
    const error = await caught(generate(client, { prompt: 'p', model: 'core' }, { clientUserId: 'u'.repeat(257) }));
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect((error as StabilityError).errors).toEqual(['stability-client-user-id: must be at most 256 characters']);
    expect(captured).toHaveLength(0);
  });
});

describe('response parsing', () => {
  it('reads bytes, mime, size, seed, finish reason, request id and the model price', async () => {
    const reply = await imageReply({ seed: '987654321', 'x-request-id': 'abc-123', 'content-type': 'image/png' });
    const { client } = mocked(SD3, reply);
    const result = await generate(client, { prompt: 'p', model: 'sd3.5-medium' });
    expect(result).toMatchObject({
      mime: 'image/png',
      width: 96,
      height: 64,
      seed: 987_654_321,
      finishReason: 'SUCCESS',
      credits: 3.5,
      requestId: 'abc-123',
    });
    expect(Buffer.from(result.bytes).equals(Buffer.from(reply.body as Uint8Array))).toBe(true);
  });

  it('reports CONTENT_FILTERED and still counts it as charged', async () => {
    const { client } = mocked(ULTRA, await imageReply({ 'finish-reason': 'CONTENT_FILTERED' }));
    const result = await generate(client, { prompt: 'p', model: 'ultra' });
    expect(result.finishReason).toBe('CONTENT_FILTERED');
    expect(result.credits).toBe(8);
  });

  it('treats a 200 that is not an image as an error that may have been charged', async () => {
    const { client } = mocked(CORE, {
      body: JSON.stringify({ image: 'aGk=', finish_reason: 'SUCCESS' }),
      headers: { 'content-type': 'application/json; type=image/png', 'x-request-id': 'r-json' },
    });
    const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as StabilityError).mayHaveCharged).toBe(true);
    expect((error as StabilityError).requestId).toBe('r-json');
  });

  it('treats an undecodable image body as an unexpected response', async () => {
    const { client } = mocked(CORE, { body: 'not really a png', headers: { 'content-type': 'image/png' } });
    expect(await caught(generate(client, { prompt: 'p', model: 'core' }))).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('errors', () => {
  const cases = [
    [400, 'bad_request', BadRequestError],
    [401, 'unauthorized', AuthenticationError],
    [402, 'payment_required', PaymentRequiredError],
    [403, 'content_moderation', ContentModerationError],
    [404, 'not_found', NotFoundError],
    [413, 'payload_too_large', PayloadTooLargeError],
    [422, 'invalid_language', UnprocessableError],
    [429, 'rate_limit_exceeded', RateLimitError],
    [500, 'internal_error', InternalServerError],
    [503, 'service_unavailable', InternalServerError],
  ] as const;

  for (const [status, name, ErrorClass] of cases) {
    it(`maps ${status} ${name} to ${ErrorClass.name} with id, name, errors and request id`, async () => {
      const { client } = mocked(CORE, {
        status,
        body: errorJson(name, [`${name}: detail`]),
        headers: { 'content-type': 'application/json', 'x-request-id': `req-${status}` },
      });
      const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({
        status,
        errorId: 'err-id-1',
        code: name,
        errors: [`${name}: detail`],
        requestId: `req-${status}`,
        message: `${name}: detail`,
      });
    });
  }

  it('exposes the 422 reason (public_figure)', async () => {
    const { client } = mocked(CORE, { status: 422, body: errorJson('public_figure', ['likeness of a public figure']) });
    const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
    expect((error as UnprocessableError).reason).toBe('public_figure');
  });

  it('survives a non-JSON error body', async () => {
    const { client } = mocked(CORE, { status: 502, body: '<html><body>Bad Gateway</body></html>' });
    const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as StabilityError).message).toContain('Bad Gateway');
    expect((error as StabilityError).code).toBeUndefined();
  });

  it('survives an empty error body and says which status it was', async () => {
    const { client } = mocked(CORE, { status: 429, body: '' });
    const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as StabilityError).message).toBe('Stability answered HTTP 429');
  });

  for (const status of [500, 429, 502]) {
    it(`sends exactly one request on ${status} (no automatic retry)`, async () => {
      const { client, captured } = mocked(ULTRA, { status, body: errorJson('x', ['y']) });
      await caught(generate(client, { prompt: 'p', model: 'ultra' }));
      expect(captured).toHaveLength(1);
    });
  }

  it('times out with APIConnectionTimeoutError after exactly one request', async () => {
    const { client, captured, scope } = mocked(ULTRA, await imageReply(), { timeoutMs: 50 });
    scope.delay(60_000);
    const error = await caught(generate(client, { prompt: 'p', model: 'ultra' }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', mayHaveCharged: true, timeoutMs: 50 });
    expect(captured).toHaveLength(1);
  });

  it('reports a caller abort as a connection error, not a timeout', async () => {
    const { client, scope } = mocked(ULTRA, await imageReply());
    scope.delay(60_000);
    const controller = new AbortController();
    const pending = caught(generate(client, { prompt: 'p', model: 'ultra' }, { signal: controller.signal }));
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ kind: 'aborted', mayHaveCharged: true });
  });

  it('reports a refused connection as unreachable: nothing was sent, nothing charged', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const agent = new Agent();
    try {
      const client = createStabilityClient({
        apiKey: KEY,
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 5_000,
        dispatcher: agent,
      });
      const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
      expect(error).toBeInstanceOf(APIUnreachableError);
      expect(error).toMatchObject({ kind: 'unreachable', mayHaveCharged: false, causeCode: 'ECONNREFUSED' });
      expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
    } finally {
      await agent.close();
    }
  });
});

describe('API key secrecy', () => {
  function expectNoKey(error: unknown): void {
    expect(error).toBeInstanceOf(StabilityError);
    const everything = [
      (error as Error).message,
      (error as Error).stack ?? '',
      JSON.stringify(error),
      JSON.stringify((error as StabilityError).errors),
      inspect(error, { depth: 10, showHidden: true }),
    ].join('\n');
    expect(everything).not.toContain(KEY);
  }

  it('scrubs a key echoed back by the v1 401 body', async () => {
    const { client } = mocked('/v1/user/balance', {
      status: 401,
      body: JSON.stringify({
        id: 'e1',
        name: 'unauthorized',
        message: `Incorrect API key provided: ${KEY}. You can find your API key at https://stability.ai.`,
      }),
      headers: { 'content-type': 'application/json' },
    });
    const error = await caught(client.getBalance());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('Incorrect API key provided: [redacted]');
    expectNoKey(error);
  });

  it('scrubs a key inside v2beta errors[] and inside a non-JSON body', async () => {
    const json = mocked(CORE, { status: 401, body: errorJson('unauthorized', [`bad key ${KEY}`]) });
    expectNoKey(await caught(generate(json.client, { prompt: 'p', model: 'core' })));
    const text = mocked(CORE, { status: 500, body: `oops ${KEY}` });
    expectNoKey(await caught(generate(text.client, { prompt: 'p', model: 'core' })));
  });

  it('refuses a key with a stray newline without quoting it', () => {
    expect(() => createStabilityClient({ apiKey: `${KEY}\n`, timeoutMs: 1000 })).toThrow(/whitespace/);
    try {
      createStabilityClient({ apiKey: `${KEY}\n`, timeoutMs: 1000 });
    } catch (error) {
      expect(String(error)).not.toContain(KEY);
    }
  });

  it('keeps the key out of connection errors', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agents.push(agent);
    const client = createStabilityClient({ apiKey: KEY, timeoutMs: 2000, dispatcher: agent });
    const error = await caught(generate(client, { prompt: 'p', model: 'core' }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expectNoKey(error);
  });
});

describe('upscaleFast', () => {
  it('downscales an input over 1,048,576 px or 1536 px a side before sending, keeping the aspect ratio', async () => {
    const input = await png(1600, 1000);
    const { client, captured } = mocked(UPSCALE, await imageReply());
    const result = await upscale(client, { image: input, outputFormat: 'jpeg' });
    const form = captured[0]!.form;
    expect(fieldNames(form)).toEqual(['image', 'output_format']);
    const sent = await sharp(await fileBytes(form, 'image')).metadata();
    expect(sent.width! * sent.height!).toBeLessThanOrEqual(UPSCALE_FAST_MAX_PIXELS);
    expect(Math.max(sent.width!, sent.height!)).toBeLessThanOrEqual(UPSCALE_FAST_MAX_SIDE);
    expect(sent.width! * sent.height!).toBeGreaterThan(UPSCALE_FAST_MAX_PIXELS * 0.99);
    expect(sent.width! / sent.height!).toBeCloseTo(1.6, 2);
    expect(result.credits).toBe(2);
  });

  it('caps the longest side at 1536 px for a long, thin image', async () => {
    const { client, captured } = mocked(UPSCALE, await imageReply());
    await upscale(client, { image: await png(3000, 300) });
    const sent = await sharp(await fileBytes(captured[0]!.form, 'image')).metadata();
    expect(sent.width).toBe(1536);
    expect(sent.height).toBe(153);
  });

  it('sends an input that already fits unchanged', async () => {
    const input = await png(1024, 1024);
    const { client, captured } = mocked(UPSCALE, await imageReply());
    await upscale(client, { image: input });
    expect(Buffer.from(await fileBytes(captured[0]!.form, 'image')).equals(Buffer.from(input))).toBe(true);
  });

  it('rejects an input with a side under 32 px locally', async () => {
    const { client, captured } = mocked(UPSCALE, await imageReply());
    expect(await caught(upscale(client, { image: await png(20, 400) }))).toBeInstanceOf(RequestRefusedError);
    expect(captured).toHaveLength(0);
  });
});

describe('getBalance', () => {
  it('GETs /v1/user/balance and returns the credits', async () => {
    const { client, captured } = mocked('/v1/user/balance', {
      body: JSON.stringify({ credits: 12.625 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await client.getBalance()).toBe(12.625);
    expect(captured[0]?.method).toBe('GET');
    expect(captured[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(captured[0]?.headers.accept).toBe('application/json');
  });

  it('rejects a balance body without numeric credits', async () => {
    const { client } = mocked('/v1/user/balance', { body: JSON.stringify({ credits: 'lots' }) });
    expect(await caught(client.getBalance())).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('createStabilityBackend', () => {
  it('sends each run and poll as one call of the client', async () => {
    const vary1 = mocked(ULTRA, await imageReply());
    const backend = createStabilityBackend(vary1.client);
    expect(backend.name).toBe('stability');
    await backend.run({ kind: 'image-to-image', prompt: 'v', model: 'ultra', image: await png(64, 64), strength: 0.4 });
    expect(vary1.captured[0]?.form.get('strength')).toBe('0.4');

    const upscaled = mocked(UPSCALE, await imageReply());
    const result = await createStabilityBackend(upscaled.client).run({
      kind: 'upscale-fast',
      image: await png(64, 64),
    });
    expect(upscaled.captured).toHaveLength(1);
    expect(result.credits).toBe(2);
  });
});
