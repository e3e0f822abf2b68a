import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeLedger } from './fake-ledger.js';
import type { FakeQuota } from './fake-quota.js';
import type { FakeFailure, FakeFailureOptions, FakeStabilityControl, RecordedRequest } from './fake-types.js';

export interface ControlTarget {
  requests: readonly RecordedRequest[];
  ledger: FakeLedger;
  control: FakeStabilityControl;
  url: string;
  apiKey: string;
}

/** The JSON a control POST carries, for each route. */
export interface ControlBodies {
  'fail-next': { failure: FakeFailure } & FakeFailureOptions;
  latency: { ms: number };
  balance: { credits: number };
  /** `{}` stops enforcing. */
  quota: Partial<FakeQuota>;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const parsed: unknown = text.length === 0 ? {} : JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
  return parsed as Record<string, unknown>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function numberOf(body: Record<string, unknown>, key: string): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${key}: expected a number`);
  return value;
}

/**
 * `GET /__fake/requests`, `GET /__fake/ledger`, and `POST /__fake/{fail-next,latency,balance,quota}`: the fake's
 * test controls over HTTP, for tests that run it in another process (pacing measured across a real process boundary).
 */
export async function handleControl(request: IncomingMessage, response: ServerResponse, target: ControlTarget) {
  const route = new URL(request.url ?? '/', 'http://fake.invalid').pathname.slice('/__fake/'.length);
  try {
    if (request.method === 'GET' && route === 'requests') return send(response, 200, target.requests);
    if (request.method === 'GET' && route === 'ledger') {
      return send(response, 200, { entries: target.ledger.entries(), total: target.ledger.total() });
    }
    if (request.method === 'GET' && route === 'balance')
      return send(response, 200, { credits: target.control.balance() });
    if (request.method !== 'POST') return send(response, 404, { error: `no control route ${route}` });
    const body = await readJson(request);
    if (route === 'fail-next') {
      const { failure, ...options } = body as unknown as ControlBodies['fail-next'];
      target.control.failNext(failure, options);
    } else if (route === 'latency') {
      target.control.setLatency(numberOf(body, 'ms'));
    } else if (route === 'balance') {
      target.control.setBalance(numberOf(body, 'credits'));
    } else if (route === 'quota') {
      const none = Object.keys(body).length === 0;
      target.control.enforceQuota(
        none
          ? undefined
          : {
              limit: numberOf(body, 'limit'),
              windowMs: numberOf(body, 'windowMs'),
              lockoutMs: numberOf(body, 'lockoutMs'),
            },
      );
    } else {
      return send(response, 404, { error: `no control route ${route}` });
    }
    return send(response, 200, { ok: true });
  } catch (error) {
    return send(response, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
