import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Response } from 'undici';
import { type Clock, createSystemClock } from '../../src/clock.js';
import {
  ASPECT_RATIOS,
  type AspectRatio,
  ENDPOINTS,
  MAX_SEED,
  MODELS,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../../src/stability/models.js';
import {
  createFakeImageFactory,
  MIME_BY_FORMAT,
  ONE_MEGAPIXEL_SIZES,
  outputSizeFor,
  type PixelSize,
} from './stability-fake-images.js';
import {
  createStabilityRequestValidator,
  FAKE_ENDPOINT_PATHS,
  type FakeEndpoint,
  type ReceivedForm,
  type UploadedFile,
} from './stability-request-validator.js';

/** The key the fake accepts unless told otherwise; it only ever guards 127.0.0.1. */
export const FAKE_STABILITY_API_KEY = 'sk-fake0000000000000000000000000000000000000000';

/** Stability's documented request cap (413 above it). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The spec's limit for each `stability-client-*` header. */
const MAX_CLIENT_HEADER_CHARS = 256;
const CLIENT_HEADERS = ['stability-client-id', 'stability-client-user-id', 'stability-client-version'] as const;
const ACCEPTED_ACCEPT_VALUES = ['image/*', 'application/json'];
const BALANCE_PATH = '/v1/user/balance';

/** The real service's quota: 150 requests in any 10 s, then 60 s of 429s. */
export interface FakeQuota {
  /** Requests allowed in any sliding window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** How long every request is refused after the limit is exceeded, in milliseconds. */
  lockoutMs: number;
}

export interface FakeStabilityServerOptions {
  /** Key accepted as `authorization: Bearer <apiKey>`. Default `FAKE_STABILITY_API_KEY`. */
  apiKey?: string;
  /** Starting balance in credits for `GET /v1/user/balance`. Default 1000. */
  balance?: number;
  /** Delay before every answer, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Quota enforced from the start; default none. */
  quota?: FakeQuota;
  /** Time source for quota windows and `receivedAt`. Default: the system clock. */
  clock?: Clock;
}

/** A status to answer with, a 200 CONTENT_FILTERED (grey image), or no answer at all until `close()`. */
export type FakeFailure = number | 'content-filtered' | 'hang';

export interface FakeFailureOptions {
  /** Stability's short code; defaults per status (e.g. 422 `invalid_language`, 429 `rate_limit_exceeded`). */
  name?: string;
  errors?: string[];
  /** How many consecutive image requests get this answer. Default 1. */
  count?: number;
}

export interface RecordedFile {
  name: string;
  type: string;
  size: number;
}

export interface RecordedRequest {
  /** Arrival time from the server's clock, in milliseconds. */
  receivedAt: number;
  method: string;
  path: string;
  /** Lower-case request headers, without `authorization`. */
  headers: Record<string, string>;
  hasAuth: boolean;
  /** The token after `Bearer `, so tests can assert which key was sent. */
  bearer: string | undefined;
  fields: Record<string, string>;
  files: Record<string, RecordedFile>;
  /** Why the request broke the API contract; empty for a valid request. */
  invalid: string[];
  /** Status answered; undefined while pending or for a hung request. */
  status: number | undefined;
  /** Whether the quota (not an injected failure) refused it. */
  quotaRejected: boolean;
  /** Credits taken from the balance (successes and CONTENT_FILTERED). */
  charged: number;
}

export interface FakeStabilityControl {
  /** Programs the next image request(s): answer `failure` instead of an image. Queued in call order. */
  failNext(failure: FakeFailure, options?: FakeFailureOptions): void;
  /** Delay before every answer, in milliseconds. */
  setLatency(ms: number): void;
  setBalance(credits: number): void;
  /** Current balance in credits. */
  balance(): number;
  /** Starts (or with `undefined` stops) enforcing a sliding-window quota with lockout, like the live service. */
  enforceQuota(quota: FakeQuota | undefined): void;
}

export interface FakeStabilityServer {
  /** Origin to use as the client's `baseUrl`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  apiKey: string;
  /** Every request received, in arrival order (including invalid and refused ones). */
  requests: readonly RecordedRequest[];
  /** Requests that broke the API contract (bad content type, unknown field, bad enum, …). */
  invalidRequests(): RecordedRequest[];
  /** Resolves once at least `count` requests have arrived, so tests synchronise on events instead of sleeping. */
  waitForRequests(count: number): Promise<void>;
  control: FakeStabilityControl;
  /** Stops listening and drops every connection, including hung requests. */
  close(): Promise<void>;
}

interface ProgrammedFailure {
  failure: FakeFailure;
  name: string | undefined;
  errors: string[] | undefined;
  remaining: number;
}

const DEFAULT_ERRORS = {
  bad_request: 'some-field: is invalid',
  unauthorized: 'authorization: invalid or missing header value',
  payment_required: 'account: insufficient credits',
  content_moderation:
    'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.',
  not_found: 'path: not found',
  payload_too_large: 'body: payloads cannot be larger than 10MiB in size',
  invalid_language: 'English is the only supported language for this service.',
  public_figure:
    'Our system detected the likeness of a public figure in your image. To comply with our guidelines, this request cannot be processed.',
  rate_limit_exceeded:
    'You have exceeded the rate limit of 150 requests within a 10 second period, and have been timed out for 60 seconds.',
  internal_error: 'An unexpected server error has occurred, please try again later.',
} as const satisfies Record<string, string>;

function defaultErrorFor(name: string): string | undefined {
  return (DEFAULT_ERRORS as Record<string, string>)[name];
}

const DEFAULT_NAMES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'content_moderation',
  404: 'not_found',
  413: 'payload_too_large',
  422: 'invalid_language',
  429: 'rate_limit_exceeded',
  500: 'internal_error',
};

/** The most requests that fall within any `windowMs`-long span (two requests share a window when < windowMs apart). */
export function maxRequestsInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function isAspectRatio(value: string | undefined): value is AspectRatio {
  return (ASPECT_RATIOS as readonly (string | undefined)[]).includes(value);
}

function isOutputFormat(value: string | undefined): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly (string | undefined)[]).includes(value);
}

/** Image-to-image keeps the input's shape: pick the 1 MP size whose ratio is closest. */
function closestOneMegapixelSize(input: PixelSize): PixelSize {
  const target = Math.log(input.width / input.height);
  let best = ONE_MEGAPIXEL_SIZES['1:1'];
  for (const size of Object.values(ONE_MEGAPIXEL_SIZES)) {
    if (Math.abs(Math.log(size.width / size.height) - target) < Math.abs(Math.log(best.width / best.height) - target)) {
      best = size;
    }
  }
  return best;
}

function priceOf(endpoint: FakeEndpoint, fields: Record<string, string>): number {
  if (endpoint === 'sd3') {
    const model = Object.values(MODELS).find((info) => info.sd3Model === (fields.model ?? 'sd3.5-large'));
    return model?.credits ?? ENDPOINTS.sd3.credits;
  }
  return ENDPOINTS[endpoint].credits;
}

async function readBody(request: IncomingMessage): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep draining past the cap so the client finishes its upload and reads the 413.
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES };
}

async function parseMultipart(contentType: string, bytes: Buffer): Promise<ReceivedForm | undefined> {
  let formData: Awaited<ReturnType<Response['formData']>>;
  try {
    formData = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return undefined;
  }
  const form = new Map<string, (string | UploadedFile)[]>();
  for (const [name, value] of formData) {
    const entry: string | UploadedFile =
      typeof value === 'string'
        ? value
        : { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    form.set(name, [...(form.get(name) ?? []), entry]);
  }
  return form;
}

/**
 * Starts a fake Stability API on 127.0.0.1 (random port) that validates every request against the saved OpenAPI
 * document and answers with real image bytes and headers. For tests and benchmarks; never a production stand-in.
 */
export async function startFakeStabilityServer(options: FakeStabilityServerOptions = {}): Promise<FakeStabilityServer> {
  const apiKey = options.apiKey ?? FAKE_STABILITY_API_KEY;
  const clock = options.clock ?? createSystemClock();
  const validator = createStabilityRequestValidator();
  const images = createFakeImageFactory();
  const requests: RecordedRequest[] = [];
  const failures: ProgrammedFailure[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const arrivalWaiters: { count: number; resolve: () => void }[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let balance = options.balance ?? 1000;
  let quota = options.quota;
  let quotaWindow: number[] = [];
  let lockedUntil = Number.NEGATIVE_INFINITY;
  let closed = false;

  function wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    // close() clears these timers; the waiting handler then never resumes, which is what "dropped" means.
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  async function answer(
    record: RecordedRequest,
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Uint8Array | string,
  ): Promise<void> {
    await wait(latencyMs);
    if (closed || response.destroyed) return;
    record.status = status;
    response.writeHead(status, { 'x-request-id': hex(16), ...headers });
    response.end(body);
  }

  function answerError(
    record: RecordedRequest,
    response: ServerResponse,
    status: number,
    name: string,
    errors: string[],
  ): Promise<void> {
    const id = name === 'rate_limit_exceeded' ? name : hex(16);
    return answer(
      record,
      response,
      status,
      { 'content-type': 'application/json' },
      JSON.stringify({ id, name, errors }),
    );
  }

  /** Sliding-window check at arrival; exceeding the limit starts a lockout during which everything is refused. */
  function quotaRefuses(now: number): boolean {
    if (quota === undefined) return false;
    if (now < lockedUntil) return true;
    const windowMs = quota.windowMs;
    quotaWindow = quotaWindow.filter((time) => now - time < windowMs);
    quotaWindow.push(now);
    if (quotaWindow.length <= quota.limit) return false;
    lockedUntil = now + quota.lockoutMs;
    quotaWindow = [];
    return true;
  }

  async function answerBalance(record: RecordedRequest, response: ServerResponse): Promise<void> {
    if (!record.hasAuth) {
      const body = { id: hex(16), name: 'unauthorized', message: 'missing authorization header' };
      return answer(record, response, 401, { 'content-type': 'application/json' }, JSON.stringify(body));
    }
    if (record.bearer !== apiKey) {
      // The live v1 API really does echo the key back (reference §8.3); clients must scrub it.
      const sent = record.bearer ?? '';
      const message = `Incorrect API key provided: ${sent}. You can find your API key at https://stability.ai.`;
      const body = { id: hex(16), name: 'unauthorized', message };
      return answer(record, response, 401, { 'content-type': 'application/json' }, JSON.stringify(body));
    }
    return answer(record, response, 200, { 'content-type': 'application/json' }, JSON.stringify({ credits: balance }));
  }

  function headerErrors(request: IncomingMessage): string[] {
    const errors: string[] = [];
    const accept = request.headers.accept;
    if (accept !== undefined && !ACCEPTED_ACCEPT_VALUES.includes(accept)) {
      errors.push(`accept: must be one of ${ACCEPTED_ACCEPT_VALUES.join(', ')}`);
    }
    for (const name of CLIENT_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string' && value.length > MAX_CLIENT_HEADER_CHARS) {
        errors.push(`${name}: must be at most ${MAX_CLIENT_HEADER_CHARS} characters`);
      }
    }
    return errors;
  }

  async function answerImage(
    endpoint: FakeEndpoint,
    request: IncomingMessage,
    record: RecordedRequest,
    response: ServerResponse,
    body: { bytes: Buffer; tooLarge: boolean },
  ): Promise<void> {
    if (body.tooLarge) {
      return answerError(record, response, 413, 'payload_too_large', [DEFAULT_ERRORS.payload_too_large]);
    }
    const contentType = request.headers['content-type'] ?? '';
    // Stability checks the content type before anything else; a JSON body gets only this error.
    if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
      record.invalid = ['content-type: must be multipart/form-data'];
      return answerError(record, response, 400, 'bad_request', record.invalid);
    }
    const errors = headerErrors(request);
    const form = await parseMultipart(contentType, body.bytes);
    if (form === undefined) {
      record.invalid = [...errors, 'body: malformed multipart/form-data'];
      return answerError(record, response, 400, 'bad_request', record.invalid);
    }
    for (const [name, values] of form) {
      for (const value of values) {
        if (typeof value === 'string') record.fields[name] = value;
        else record.files[name] = { name: value.name, type: value.type, size: value.bytes.length };
      }
    }
    const outcome = await validator.validate(endpoint, form);
    errors.push(...outcome.errors);
    // The live server validates parameters before authentication (reference §7).
    if (errors.length > 0) {
      record.invalid = errors;
      return answerError(record, response, 400, 'bad_request', errors);
    }
    if (record.bearer !== apiKey) {
      return answerError(record, response, 401, 'unauthorized', [DEFAULT_ERRORS.unauthorized]);
    }

    const programmed = failures[0];
    if (programmed !== undefined) {
      programmed.remaining--;
      if (programmed.remaining <= 0) failures.shift();
    }
    if (programmed?.failure === 'hang') return;
    if (typeof programmed?.failure === 'number') {
      const name = programmed.name ?? DEFAULT_NAMES[programmed.failure] ?? 'error';
      const messages = programmed.errors ?? [defaultErrorFor(name) ?? `injected ${programmed.failure}`];
      return answerError(record, response, programmed.failure, name, messages);
    }
    const filtered = programmed?.failure === 'content-filtered';

    const fields = outcome.fields;
    const format: OutputFormat = isOutputFormat(fields.output_format) ? fields.output_format : 'png';
    let size: PixelSize;
    if (endpoint === 'upscale-fast') {
      const input = outcome.image ?? { width: 256, height: 256 };
      size = { width: input.width * 4, height: input.height * 4 };
    } else if (outcome.image !== undefined) {
      size = closestOneMegapixelSize(outcome.image);
    } else {
      size = outputSizeFor(endpoint, isAspectRatio(fields.aspect_ratio) ? fields.aspect_ratio : '1:1');
    }
    const requestedSeed = Number(fields.seed ?? 0);
    const seed = requestedSeed > 0 ? requestedSeed : randomInt(1, MAX_SEED + 1);
    const finishReason = filtered ? 'CONTENT_FILTERED' : 'SUCCESS';
    const bytes = await images.render(size, format, filtered ? 'filtered' : 'success');
    const price = priceOf(endpoint, fields);
    balance -= price;
    record.charged = price;
    const mime = MIME_BY_FORMAT[format];
    if (request.headers.accept === 'application/json') {
      const json = JSON.stringify({ image: Buffer.from(bytes).toString('base64'), seed, finish_reason: finishReason });
      return answer(record, response, 200, { 'content-type': `application/json; type=${mime}` }, json);
    }
    return answer(
      record,
      response,
      200,
      { 'content-type': mime, 'finish-reason': finishReason, seed: String(seed) },
      bytes,
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = clock.now();
    const path = new URL(request.url ?? '/', 'http://fake.invalid').pathname;
    const authorization = request.headers.authorization;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (name !== 'authorization' && value !== undefined)
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record: RecordedRequest = {
      receivedAt,
      method: request.method ?? 'GET',
      path,
      headers,
      hasAuth: authorization !== undefined,
      bearer: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined,
      fields: {},
      files: {},
      invalid: [],
      status: undefined,
      quotaRejected: false,
      charged: 0,
    };
    requests.push(record);
    for (const waiter of arrivalWaiters.filter((candidate) => requests.length >= candidate.count)) {
      arrivalWaiters.splice(arrivalWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const body = await readBody(request);

    if (quotaRefuses(receivedAt)) {
      record.quotaRejected = true;
      return answerError(record, response, 429, 'rate_limit_exceeded', [DEFAULT_ERRORS.rate_limit_exceeded]);
    }
    if (record.method === 'GET' && path === BALANCE_PATH) return answerBalance(record, response);
    const endpoint =
      record.method === 'POST' ? FAKE_ENDPOINT_PATHS[path as keyof typeof FAKE_ENDPOINT_PATHS] : undefined;
    if (endpoint === undefined) {
      return answerError(record, response, 404, 'not_found', [DEFAULT_ERRORS.not_found]);
    }
    return answerImage(endpoint, request, record, response, body);
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
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    invalidRequests: () => requests.filter((record) => record.invalid.length > 0),
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => arrivalWaiters.push({ count, resolve })),
    control: {
      failNext(failure, failureOptions = {}) {
        failures.push({
          failure,
          name: failureOptions.name,
          errors: failureOptions.errors,
          remaining: failureOptions.count ?? 1,
        });
      },
      setLatency(ms) {
        latencyMs = ms;
      },
      setBalance(credits) {
        balance = credits;
      },
      balance: () => balance,
      enforceQuota(next) {
        quota = next;
        quotaWindow = [];
        lockedUntil = Number.NEGATIVE_INFINITY;
      },
    },
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
