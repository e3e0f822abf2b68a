import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createStabilityClient } from '../../src/stability/client.js';
import { describeStabilityError, formatErrorForOperator } from '../../src/stability/describe.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUnreachableError,
  type StabilityError,
  UnexpectedResponseError,
} from '../../src/stability/errors.js';
import { type FakeStabilityServer, startFakeStabilityServer } from '../fakes/stability-server.js';
import { generate } from '../images/run-image.js';
import { caught, png } from './images.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function fake(): Promise<FakeStabilityServer> {
  const server = await startFakeStabilityServer();
  closers.push(() => server.close());
  return server;
}

const core = { prompt: 'p', model: 'core' } as const;

describe('what a broken connection proves', () => {
  it('a reset before the response headers: may have been charged, sent exactly once', async () => {
    const server = await fake();
    server.control.failNext('reset-before-headers');
    const client = createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 5_000 });
    const error = (await caught(generate(client, core))) as StabilityError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIUnreachableError);
    expect(error).toMatchObject({ kind: 'connection_lost', mayHaveCharged: true, status: undefined });
    expect(formatErrorForOperator(error)).toMatch(/: \S+ before response headers/);
    expect(describeStabilityError(error).summary).toContain('estimated — may have been charged');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.outcome).toBe('reset-before-headers');
    expect(server.ledger.total()).toBe(0);
  });

  it('a reset after the response headers: may have been charged (the fake charged it), status kept', async () => {
    const server = await fake();
    server.control.failNext('reset-after-headers');
    const client = createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 5_000 });
    const error = (await caught(generate(client, core))) as StabilityError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ kind: 'connection_lost_after_headers', mayHaveCharged: true, status: 200 });
    expect(describeStabilityError(error).cause).toMatch(/after response headers \(HTTP 200\)$/);
    expect(server.requests).toHaveLength(1);
    expect(server.ledger.entries()).toMatchObject([{ reason: 'reset-after-headers', credits: 3 }]);
  });

  it('a refused connection proves nothing was sent: not charged, described as refused before sending', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const agent = new Agent();
    closers.push(() => agent.close());
    const client = createStabilityClient({
      apiKey: 'sk-test',
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 5_000,
      dispatcher: agent,
    });
    const error = (await caught(generate(client, core))) as StabilityError;
    expect(error).toBeInstanceOf(APIUnreachableError);
    expect(error).toMatchObject({ kind: 'unreachable', mayHaveCharged: false, causeCode: 'ECONNREFUSED' });
    expect(describeStabilityError(error).cause).toBe('connection refused before sending (ECONNREFUSED)');
    expect(describeStabilityError(error).summary).toContain('nothing was charged');
  });

  it('an unknown host proves nothing was sent', async () => {
    const agent = new Agent({
      connect: {
        lookup: (_host, _options, callback) =>
          callback(
            Object.assign(new Error('getaddrinfo ENOTFOUND api.stability.invalid'), { code: 'ENOTFOUND' }),
            '',
            4,
          ),
      },
    });
    closers.push(() => agent.close());
    const client = createStabilityClient({
      apiKey: 'sk-test',
      baseUrl: 'http://api.stability.invalid',
      timeoutMs: 5_000,
      dispatcher: agent,
    });
    const error = (await caught(generate(client, core))) as StabilityError;
    expect(error).toBeInstanceOf(APIUnreachableError);
    expect(describeStabilityError(error).cause).toBe('host not found before sending (ENOTFOUND)');
  });

  it('a timeout names its deadline and may have been charged', async () => {
    const server = await fake();
    server.control.failNext('hang');
    const client = createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 250 });
    const error = (await caught(generate(client, core))) as StabilityError;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', mayHaveCharged: true, timeoutMs: 250 });
    expect(describeStabilityError(error).cause).toBe('timeout after 0.25 s');
    expect(server.requests).toHaveLength(1);
  });

  it('a 200 that is not an image may have been charged', async () => {
    const server = await fake();
    server.control.failNext('not-an-image');
    const client = createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 5_000 });
    const error = (await caught(generate(client, core))) as StabilityError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ kind: 'unexpected_response', mayHaveCharged: true });
    expect(server.ledger.total()).toBe(3);
  });

  it('a reset while polling is a connection error of the poll, and charges nothing more', async () => {
    const server = await fake();
    const client = createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 5_000 });
    const submitted = await client.run({ kind: 'upscale-creative', image: await png(128, 128), prompt: 'p' });
    if (!('pending' in submitted)) throw new Error('expected pending');
    server.control.failNext('reset-before-headers', { on: 'poll' });
    expect(await caught(client.poll(submitted.generationId))).toBeInstanceOf(APIConnectionError);
    expect(await client.poll(submitted.generationId)).toMatchObject({ pending: true });
    expect(server.ledger.total()).toBe(60);
  });
});
