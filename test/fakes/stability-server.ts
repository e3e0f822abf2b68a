import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSystemClock } from '../../src/clock.js';
import { createLocalEngine } from '../../src/images/local-engine.js';
import { BALANCE_PATH, RESULTS_PATH } from '../../src/stability/models.js';
import { answerError, hex } from './fake-answers.js';
import { handleControl } from './fake-control.js';
import { createFailureQueue } from './fake-failures.js';
import { fingerprintOf, readBody } from './fake-http.js';
import { createLedger } from './fake-ledger.js';
import { createQuotaGate } from './fake-quota.js';
import { ENDPOINT_BY_PATH, handleBalance, handleImagePost, handlePoll, type RouteContext } from './fake-routes.js';
import type { FakeStabilityServer, FakeStabilityServerOptions, RecordedRequest } from './fake-types.js';
import { createStabilityRequestValidator } from './stability-request-validator.js';

export type { FakeLedger, LedgerEntry } from './fake-ledger.js';
export type { FakeQuota } from './fake-quota.js';
export { maxRequestsInWindow } from './fake-quota.js';
export type * from './fake-types.js';

/** The key the fake accepts unless told otherwise; it only ever guards 127.0.0.1. */
export const FAKE_STABILITY_API_KEY = 'sk-fake0000000000000000000000000000000000000000';

/** Control routes for a fake in another process (see stability-server-main.ts); never counted or logged. */
export const CONTROL_PREFIX = '/__fake/';

function recordOf(request: IncomingMessage, index: number, receivedAt: number): RecordedRequest {
  const path = new URL(request.url ?? '/', 'http://fake.invalid').pathname;
  const method = request.method ?? 'GET';
  const authorization = request.headers.authorization;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== 'authorization' && value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const endpoint =
    method === 'POST' && ENDPOINT_BY_PATH[path] !== undefined
      ? ENDPOINT_BY_PATH[path]
      : method === 'GET' && path.startsWith(`${RESULTS_PATH}/`)
        ? 'results'
        : method === 'GET' && path === BALANCE_PATH
          ? 'balance'
          : 'unknown';
  return {
    index,
    receivedAt,
    method,
    path,
    endpoint,
    headers,
    hasAuth: authorization !== undefined,
    bearer: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined,
    fields: {},
    files: {},
    fingerprint: fingerprintOf(method, path, {}, {}),
    invalid: [],
    status: undefined,
    outcome: undefined,
    quotaRejected: false,
    charged: 0,
  };
}

/**
 * Starts a fake Stability API on 127.0.0.1 that validates every request against the saved OpenAPI document and
 * answers through the local backend's engine (src/images/local-engine.ts): the same input limits, error bodies,
 * output sizes and async store, so the two cannot drift. Adds what tests and benchmarks need: a sliding-window quota
 * with lockout counted at arrival, latency, `failNext`, a charge ledger and a request log with fingerprints.
 */
export async function startFakeStabilityServer(options: FakeStabilityServerOptions = {}): Promise<FakeStabilityServer> {
  const apiKey = options.apiKey ?? FAKE_STABILITY_API_KEY;
  const clock = options.clock ?? createSystemClock();
  const validator = createStabilityRequestValidator();
  const engine = createLocalEngine({
    renderer: options.renderer ?? 'flat',
    clock,
    async: options.async ?? {},
    ...(options.random ? { random: options.random } : {}),
  });
  const requests: RecordedRequest[] = [];
  const ledger = createLedger();
  const failures = createFailureQueue();
  const quota = createQuotaGate(options.quota);
  const timers = new Set<NodeJS.Timeout>();
  const arrivalWaiters: { count: number; resolve: () => void }[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let balance = options.balance ?? 1000;
  let closed = false;

  const ctx: RouteContext = {
    apiKey,
    engine,
    validator,
    failures,
    closed: () => closed,
    delay() {
      if (latencyMs <= 0) return Promise.resolve();
      // close() clears these timers; the waiting handler then never resumes, which is what "dropped" means.
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, latencyMs);
        timers.add(timer);
      });
    },
    charge(record, endpoint, credits, reason, generationId) {
      balance -= credits;
      record.charged += credits;
      ledger.charge({
        requestIndex: record.index,
        endpoint,
        credits,
        reason,
        ...(generationId ? { generationId } : {}),
      });
    },
  };

  const control = {
    failNext: (failure: Parameters<FakeStabilityServer['control']['failNext']>[0], failureOptions = {}) =>
      failures.push(failure, failureOptions),
    setLatency(ms: number) {
      latencyMs = ms;
    },
    setBalance(credits: number) {
      balance = credits;
    },
    balance: () => balance,
    enforceQuota: quota.set,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if ((request.url ?? '').startsWith(CONTROL_PREFIX)) {
      return handleControl(request, response, { requests, ledger, control, url: '', apiKey });
    }
    const record = recordOf(request, requests.length, clock.now());
    requests.push(record);
    for (const waiter of arrivalWaiters.filter((candidate) => requests.length >= candidate.count)) {
      arrivalWaiters.splice(arrivalWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const body = await readBody(request);
    if (quota.refuses(record.receivedAt)) {
      record.quotaRejected = true;
      return answerError(ctx, record, response, 429, 'rate_limit_exceeded');
    }
    if (record.endpoint === 'balance') return handleBalance(ctx, record, response, balance);
    if (record.endpoint === 'results')
      return handlePoll(ctx, record.path.slice(RESULTS_PATH.length + 1), request, record, response);
    if (record.endpoint === 'unknown') return answerError(ctx, record, response, 404, 'not_found');
    return handleImagePost(ctx, record.endpoint, request, record, response, body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in the fake must be loud in tests, not a hung request.
      if (closed || response.destroyed || response.headersSent) return;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: hex(16), name: 'fake_server_error', errors: [String(error)] }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    ledger,
    invalidRequests: () => requests.filter((record) => record.invalid.length > 0),
    duplicates() {
      const seen: Record<string, number[]> = {};
      // Only POSTs cost credits; polling one id many times, or reading the balance, is meant to repeat.
      for (const record of requests.filter((entry) => entry.method === 'POST')) {
        seen[record.fingerprint] = [...(seen[record.fingerprint] ?? []), record.index];
      }
      return Object.fromEntries(Object.entries(seen).filter(([, indexes]) => indexes.length > 1));
    },
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => arrivalWaiters.push({ count, resolve })),
    control,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
