import type { Clock } from '../../src/clock.js';
import type { LocalAsyncOptions } from '../../src/images/local-async.js';
import type { EndpointName } from '../../src/stability/models.js';
import type { FakeLedger } from './fake-ledger.js';
import type { FakeQuota } from './fake-quota.js';

export interface FakeStabilityServerOptions {
  /** Key accepted as `authorization: Bearer <apiKey>`. Default `FAKE_STABILITY_API_KEY`. */
  apiKey?: string;
  /** Starting balance in credits for `GET /v1/user/balance`. Default 1000. */
  balance?: number;
  /** Delay before every answer, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Quota enforced from the start; default none. */
  quota?: FakeQuota;
  /** Time source for quota windows, `receivedAt` and async results. Default: the system clock. */
  clock?: Clock;
  /** How creative upscales progress: polls answered 202 before the image (default 1), time, expiry. */
  async?: LocalAsyncOptions;
  /** `flat` (default): cached flat colours, fast enough for benchmarks; `scene`: the local backend's pictures. */
  renderer?: 'flat' | 'scene';
  /** Seeds for requests without one, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Port to listen on (127.0.0.1). Default: any free port. */
  port?: number;
}

/**
 * What `failNext` can make a request do instead of succeeding: answer a status (with Stability's body), a 200
 * CONTENT_FILTERED (grey image), a 200 that is not an image, never answer until `close()`, or drop the connection
 * before or after the response headers (the socket is destroyed).
 */
export type FakeFailure =
  | number
  | 'content-filtered'
  | 'not-an-image'
  | 'hang'
  | 'reset-before-headers'
  | 'reset-after-headers';

export interface FakeFailureOptions {
  /** Stability's short code; defaults per status (e.g. 422 `invalid_language`, 429 `rate_limit_exceeded`). */
  name?: string;
  errors?: string[];
  /** How many consecutive matching requests get this answer. Default 1. */
  count?: number;
  /** `submit` (default): image POSTs; `poll`: `GET /v2beta/results/{id}`. */
  on?: 'submit' | 'poll';
}

export interface RecordedFile {
  name: string;
  type: string;
  size: number;
  sha256: string;
}

export type RecordedEndpoint = EndpointName | 'results' | 'balance' | 'unknown';

export interface RecordedRequest {
  /** Position in the log, from 0. */
  index: number;
  /** Arrival time from the server's clock, in milliseconds. */
  receivedAt: number;
  method: string;
  path: string;
  endpoint: RecordedEndpoint;
  /** Lower-case request headers, without `authorization`. */
  headers: Record<string, string>;
  hasAuth: boolean;
  /** The token after `Bearer `, so tests can assert which key was sent. */
  bearer: string | undefined;
  fields: Record<string, string>;
  files: Record<string, RecordedFile>;
  /** Same method, path, fields and file contents ⇒ same fingerprint (see fake-http.ts). */
  fingerprint: string;
  /** Why the request broke the API contract; empty for a valid request. */
  invalid: string[];
  /** Status answered; undefined while pending, for a hung request or a reset before headers. */
  status: number | undefined;
  /** How the exchange ended; undefined while it is still open. */
  outcome: 'answered' | 'hung' | 'reset-before-headers' | 'reset-after-headers' | undefined;
  /** Whether the quota (not an injected failure) refused it. */
  quotaRejected: boolean;
  /** Credits charged for it (see the ledger for why). */
  charged: number;
  /** Async submits: the generation id answered; polls: the id asked for. */
  generationId?: string;
}

export interface FakeStabilityControl {
  /** Programs the next matching request(s): answer `failure` instead of succeeding. Queued in call order. */
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
  /** POST fingerprints that arrived more than once, with their request indexes: `{}` proves no paid call was sent twice. */
  duplicates(): Record<string, number[]>;
  /** Resolves once at least `count` requests have arrived, so tests synchronise on events instead of sleeping. */
  waitForRequests(count: number): Promise<void>;
  /** What was charged, per request and in total. */
  ledger: FakeLedger;
  control: FakeStabilityControl;
  /** Stops listening and drops every connection, including hung requests. */
  close(): Promise<void>;
}
