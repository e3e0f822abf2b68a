import type { Clock } from '../clock.js';
import type { RouteName } from '../rest/router.js';

export type FaultStatus = 429 | 500 | 502 | 503 | 504;

/** What a fault predicate sees of a request (already matched to a route). */
export interface FaultRequest {
  readonly method: string;
  /** Route template, e.g. `/webhooks/:application/:token/messages/:message`. */
  readonly route: string;
  readonly name: RouteName;
  readonly path: string;
}

export interface RestFaultSpec {
  /** Route names (see `RouteName`) or a predicate. */
  readonly routes: readonly RouteName[] | ((request: FaultRequest) => boolean);
  readonly status: FaultStatus;
  /** How long the fault lasts: emulator-clock milliseconds, or a number of failed requests. Default: until removed. */
  readonly for?: { readonly ms: number } | { readonly count: number };
  /** Fail only every n-th matching request (n, 2n, ...): deterministic partial outages. Default 1 (all). */
  readonly every?: number;
  /** 429 only: `retry_after` in the body and the Retry-After header. Default 1000. */
  readonly retryAfterMs?: number;
  /** 429 only: a global rate limit (`global: true`, `X-RateLimit-Global`). Default false. */
  readonly global?: boolean;
  /** 429 only: `X-RateLimit-Scope`. Default 'user' ('global' when `global`). */
  readonly scope?: 'user' | 'global' | 'shared';
  /**
   * Run the request, then answer the failure anyway: the response was lost on the way back, so the state changed
   * (a retried callback then gets 40060). Default false: a failed request changes nothing.
   */
  readonly afterApplying?: boolean;
}

export interface RestFault {
  readonly spec: RestFaultSpec;
  /** Requests that matched while the fault was active. */
  readonly matched: number;
  /** Requests that were failed. */
  readonly injected: number;
  readonly active: boolean;
  remove(): void;
}

export interface FaultResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly afterApplying: boolean;
}

export interface RestFaults {
  add(spec: RestFaultSpec): RestFault;
  list(): RestFault[];
  clear(): void;
  /** The failure to answer this request with, if an active fault matches (first added wins). */
  match(request: FaultRequest): FaultResponse | undefined;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  500: '500: Internal Server Error',
  502: '502: Bad Gateway',
  503: '503: Service Unavailable',
  504: '504: Gateway Timeout',
};

export function createRestFaults(clock: Clock): RestFaults {
  const faults: (RestFault & { matched: number; injected: number; active: boolean; readonly until: number })[] = [];
  const expired = (fault: (typeof faults)[number]) => {
    const limit = fault.spec.for;
    if (!limit) return false;
    return 'ms' in limit ? clock.now() >= fault.until : fault.injected >= limit.count;
  };
  return {
    add(spec) {
      if (spec.every !== undefined && (!Number.isInteger(spec.every) || spec.every < 1)) {
        throw new Error('emulator faults: `every` must be a positive integer');
      }
      const fault = {
        spec,
        matched: 0,
        injected: 0,
        active: true,
        until: spec.for && 'ms' in spec.for ? clock.now() + spec.for.ms : Number.POSITIVE_INFINITY,
        remove() {
          fault.active = false;
          const index = faults.indexOf(fault);
          if (index >= 0) faults.splice(index, 1);
        },
      };
      faults.push(fault);
      return fault;
    },
    list: () => [...faults],
    clear() {
      for (const fault of [...faults]) fault.remove();
    },
    match(request) {
      for (const fault of [...faults]) {
        if (expired(fault)) {
          fault.remove();
          continue;
        }
        const { routes } = fault.spec;
        if (typeof routes === 'function' ? !routes(request) : !routes.includes(request.name)) continue;
        fault.matched += 1;
        if (fault.matched % (fault.spec.every ?? 1) !== 0) continue;
        fault.injected += 1;
        if (expired(fault)) fault.remove();
        return respond(fault.spec, clock);
      }
      return undefined;
    },
  };
}

function respond(spec: RestFaultSpec, clock: Clock): FaultResponse {
  const afterApplying = spec.afterApplying ?? false;
  if (spec.status !== 429) {
    return { status: spec.status, body: { message: STATUS_TEXT[spec.status], code: 0 }, headers: {}, afterApplying };
  }
  const retryAfter = (spec.retryAfterMs ?? 1_000) / 1_000;
  const global = spec.global ?? false;
  const scope = spec.scope ?? (global ? 'global' : 'user');
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
    headers: {
      // Fractional seconds, so tests can use short waits; @discordjs/rest reads it as Number(header) * 1000.
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((clock.now() + retryAfter * 1_000) / 1_000).toFixed(3),
      'x-ratelimit-reset-after': retryAfter.toFixed(3),
      'x-ratelimit-bucket': 'emulator-fault',
      'x-ratelimit-scope': scope,
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
    afterApplying,
  };
}
