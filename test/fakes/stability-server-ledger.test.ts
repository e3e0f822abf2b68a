import { FormData, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createStabilityClient } from '../../src/stability/client.js';
import { generate } from '../images/run-image.js';
import { caught, png } from '../stability/images.js';
import {
  type FakeStabilityServer,
  type FakeStabilityServerOptions,
  startFakeStabilityServer,
} from './stability-server.js';

const servers: FakeStabilityServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: FakeStabilityServerOptions = {}) {
  const server = await startFakeStabilityServer(options);
  servers.push(server);
  const client = createStabilityClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 10_000 });
  return { server, client };
}

describe('the charge ledger', () => {
  it('charges successes and CONTENT_FILTERED answers their price, errors nothing', async () => {
    const { server, client } = await start({ balance: 50 });
    await generate(client, { prompt: 'a', model: 'ultra' });
    server.control.failNext('content-filtered');
    await generate(client, { prompt: 'b', model: 'sd3.5-flash' });
    for (const failure of [500, 403, 429, 'reset-before-headers'] as const) {
      server.control.failNext(failure);
      await caught(generate(client, { prompt: 'c', model: 'core' }));
    }
    expect(server.ledger.entries()).toEqual([
      { requestIndex: 0, endpoint: 'ultra', credits: 8, reason: 'success' },
      { requestIndex: 1, endpoint: 'sd3', credits: 2.5, reason: 'content-filtered' },
    ]);
    expect(server.ledger.total()).toBe(10.5);
    expect(server.requests.map((request) => request.charged)).toEqual([8, 2.5, 0, 0, 0, 0]);
    expect(server.ledger.chargedFor(1)).toBe(2.5);
    expect(server.control.balance()).toBe(39.5);
  });

  it('does not charge a request refused as invalid or unauthorised', async () => {
    const { server } = await start();
    const wrong = createStabilityClient({ apiKey: 'sk-wrongwrongwrong1234', baseUrl: server.url, timeoutMs: 5_000 });
    await caught(generate(wrong, { prompt: 'p', model: 'core' }));
    const raw = await fetch(`${server.url}/v2beta/stable-image/edit/outpaint`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}` },
      body: (() => {
        const form = new FormData();
        form.append('left', '10');
        return form;
      })(),
    });
    expect(raw.status).toBe(400);
    expect(server.ledger.total()).toBe(0);
  });
});

describe('the request log', () => {
  it('records arrival time, endpoint and a fingerprint that proves whether a call was sent twice', async () => {
    const { server, client } = await start();
    const image = await png(256, 256);
    await client.run({ kind: 'outpaint', image, left: 64, seed: 1 });
    await client.run({ kind: 'outpaint', image, left: 64, seed: 2 });
    expect(server.duplicates()).toEqual({});
    await client.run({ kind: 'outpaint', image, left: 64, seed: 1 });
    expect(server.duplicates()).toEqual({ [server.requests[0]!.fingerprint]: [0, 2] });
    expect(server.requests.map((request) => request.endpoint)).toEqual(['outpaint', 'outpaint', 'outpaint']);
    expect(server.requests[0]?.files.image?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(server.requests.every((request) => typeof request.receivedAt === 'number')).toBe(true);
  });

  it('does not count repeated polls or balance reads as duplicates', async () => {
    const { server, client } = await start({ async: { pendingPolls: 2 } });
    const submitted = await client.run({ kind: 'upscale-creative', image: await png(128, 128), prompt: 'p' });
    if (!('pending' in submitted)) throw new Error('expected pending');
    await client.poll(submitted.generationId);
    await client.poll(submitted.generationId);
    await client.getBalance();
    await client.getBalance();
    expect(server.duplicates()).toEqual({});
    expect(server.requests.map((request) => request.endpoint)).toEqual([
      'upscale-creative',
      'results',
      'results',
      'balance',
      'balance',
    ]);
    expect(server.requests[1]?.generationId).toBe(submitted.generationId);
  });
});

describe('GET /v2beta/results/{id}', () => {
  it('answers 202 with Stability’s body while running, 200 with the image and headers, 404 when unknown', async () => {
    const { server, client } = await start({ async: { pendingPolls: 1 } });
    const submitted = await client.run({ kind: 'upscale-creative', image: await png(128, 128), prompt: 'p', seed: 4 });
    if (!('pending' in submitted)) throw new Error('expected pending');
    const url = `${server.url}/v2beta/results/${submitted.generationId}`;
    const headers = { authorization: `Bearer ${server.apiKey}`, accept: '*/*' };
    const running = await fetch(url, { headers });
    expect(running.status).toBe(202);
    expect(await running.json()).toEqual({ id: submitted.generationId, status: 'in-progress' });
    const done = await fetch(url, { headers });
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toBe('image/png');
    expect(done.headers.get('finish-reason')).toBe('SUCCESS');
    expect(done.headers.get('seed')).toBe('4');
    expect(done.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const unknown = await fetch(`${server.url}/v2beta/results/${'0'.repeat(64)}`, { headers });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      name: 'generation_not_found',
      errors: ['id: the generation either does not exist or has expired.'],
    });
    const malformed = await fetch(`${server.url}/v2beta/results/short`, { headers });
    expect(malformed.status).toBe(400);
  });

  it('fails polls on demand without touching submits', async () => {
    const { server, client } = await start({ async: { pendingPolls: 0 } });
    server.control.failNext(500, { on: 'poll' });
    const submitted = await client.run({ kind: 'upscale-creative', image: await png(128, 128), prompt: 'p' });
    if (!('pending' in submitted)) throw new Error('expected pending');
    expect(await caught(client.poll(submitted.generationId))).toMatchObject({ status: 500 });
    expect(await client.poll(submitted.generationId)).toMatchObject({ width: 4096 });
  });
});
