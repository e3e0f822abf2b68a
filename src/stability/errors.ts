import { STABILITY_ERROR_TABLE, type StabilityFailureKind } from './error-table.js';

/**
 * Typed errors of the Stability client, one class per documented status, so callers branch on `instanceof`; what
 * each means (stored code, charge, sentences) lives in one place, `./error-table.ts`, keyed by `error.kind`.
 */
export interface StabilityErrorBody {
  id?: string;
  name?: string;
  errors?: string[];
}

/** Where a connection failed: before the answer's headers, while its body arrived, or because the caller aborted. */
export type ConnectionStage = 'before-headers' | 'after-headers' | 'aborted';

export interface StabilityErrorInit {
  status?: number;
  body?: StabilityErrorBody;
  requestId?: string;
  message?: string;
  cause?: unknown;
  /** Connection errors: the network code (`ECONNRESET`, …). */
  causeCode?: string;
  /** Connection errors: when it broke. Default `before-headers`. */
  stage?: ConnectionStage;
  /** Timeouts: the deadline that passed, in milliseconds. */
  timeoutMs?: number;
}

export class StabilityError extends Error {
  override readonly name: string = 'StabilityError';
  /** HTTP status, absent for connection errors, timeouts and local refusals. */
  readonly status: number | undefined;
  /** Stability's error id ("include in support tickets"). */
  readonly errorId: string | undefined;
  /** Stability's short code, e.g. `content_moderation`, `invalid_language`. */
  readonly code: string | undefined;
  readonly errors: readonly string[];
  /** `x-request-id` of the failing response, when there was one. */
  readonly requestId: string | undefined;
  readonly causeCode: string | undefined;
  readonly timeoutMs: number | undefined;

  constructor(init: StabilityErrorInit = {}) {
    const detail = init.body?.errors?.join('; ');
    super(init.message ?? detail ?? 'Stability request failed', init.cause === undefined ? {} : { cause: init.cause });
    this.status = init.status;
    this.errorId = init.body?.id;
    this.code = init.body?.name;
    this.errors = init.body?.errors ?? [];
    this.requestId = init.requestId;
    this.causeCode = init.causeCode;
    this.timeoutMs = init.timeoutMs;
  }

  /** Its row in `STABILITY_ERROR_TABLE`. */
  get kind(): StabilityFailureKind {
    return 'other_status';
  }

  /** Whether Stability may have done (and billed) the work: only failures that prove nothing ran are false. */
  get mayHaveCharged(): boolean {
    return STABILITY_ERROR_TABLE[this.kind].mayHaveCharged;
  }
}

/**
 * The client refused the request before sending anything (a field out of range, an image too small, of the wrong
 * shape or not PNG/JPEG/WebP). Distinct from Stability's own 400 so logs and metrics can tell them apart.
 */
export class RequestRefusedError extends StabilityError {
  override readonly name = 'RequestRefusedError';
  constructor(problems: readonly string[], cause?: unknown) {
    super({ message: problems.join('; '), body: { errors: [...problems] }, ...(cause === undefined ? {} : { cause }) });
  }
  override get kind(): StabilityFailureKind {
    return 'refused_locally';
  }
}

export class BadRequestError extends StabilityError {
  override readonly name = 'BadRequestError';
  override get kind(): StabilityFailureKind {
    return 'bad_request';
  }
}
export class AuthenticationError extends StabilityError {
  override readonly name = 'AuthenticationError';
  override get kind(): StabilityFailureKind {
    return 'unauthorized';
  }
}
/** 402: not documented by Stability; treated as "out of credits". */
export class PaymentRequiredError extends StabilityError {
  override readonly name = 'PaymentRequiredError';
  override get kind(): StabilityFailureKind {
    return 'payment_required';
  }
}
/** 403 `content_moderation`: the input was refused and not charged. */
export class ContentModerationError extends StabilityError {
  override readonly name = 'ContentModerationError';
  override get kind(): StabilityFailureKind {
    return 'content_moderation';
  }
}
export class NotFoundError extends StabilityError {
  override readonly name: string = 'NotFoundError';
  override get kind(): StabilityFailureKind {
    return 'not_found';
  }
}
/** 404 from `GET /v2beta/results/{id}`: the generation is unknown to this key, or expired (kept 24 h). */
export class GenerationNotFoundError extends NotFoundError {
  override readonly name = 'GenerationNotFoundError';
  override get kind(): StabilityFailureKind {
    return 'generation_not_found';
  }
}
export class PayloadTooLargeError extends StabilityError {
  override readonly name = 'PayloadTooLargeError';
  override get kind(): StabilityFailureKind {
    return 'payload_too_large';
  }
}
/** 422: `invalid_language` (non-English prompt) or `public_figure`. */
export class UnprocessableError extends StabilityError {
  override readonly name = 'UnprocessableError';
  get reason(): 'invalid_language' | 'public_figure' | 'other' {
    if (this.code === 'invalid_language' || this.code === 'public_figure') return this.code;
    return 'other';
  }
  override get kind(): StabilityFailureKind {
    return this.reason === 'other' ? 'unprocessable' : this.reason;
  }
}
/** 429: proves no work was done; the scheduler requeues the job and pauses for the lockout. */
export class RateLimitError extends StabilityError {
  override readonly name = 'RateLimitError';
  override get kind(): StabilityFailureKind {
    return 'rate_limited';
  }
}
/** 5xx: ambiguous — the work may have run and been billed, so it is never retried automatically. */
export class InternalServerError extends StabilityError {
  override readonly name = 'InternalServerError';
  override get kind(): StabilityFailureKind {
    return 'server_error';
  }
}
/** A 2xx that is not a readable image (or id, or balance): Stability answered, so the work may have been billed. */
export class UnexpectedResponseError extends StabilityError {
  override readonly name = 'UnexpectedResponseError';
  override get kind(): StabilityFailureKind {
    return 'unexpected_response';
  }
}
/** The connection failed after the request may have been sent: ambiguous, like a 5xx. */
export class APIConnectionError extends StabilityError {
  override readonly name: string = 'APIConnectionError';
  readonly stage: ConnectionStage;
  constructor(init: StabilityErrorInit = {}) {
    super(init);
    this.stage = init.stage ?? 'before-headers';
  }
  override get kind(): StabilityFailureKind {
    if (this.stage === 'aborted') return 'aborted';
    return this.stage === 'after-headers' ? 'connection_lost_after_headers' : 'connection_lost';
  }
}
/** ECONNREFUSED, ENOTFOUND…: no connection was made, so nothing was sent and nothing can have been charged. */
export class APIUnreachableError extends APIConnectionError {
  override readonly name = 'APIUnreachableError';
  override get kind(): StabilityFailureKind {
    return 'unreachable';
  }
}
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name = 'APIConnectionTimeoutError';
  override get kind(): StabilityFailureKind {
    return 'timeout';
  }
}

/** The typed error for a non-2xx answer; `poll` says a 404 means the generation, not the endpoint, is unknown. */
export function errorFromResponse(
  status: number,
  body: StabilityErrorBody,
  requestId?: string,
  context: 'submit' | 'poll' = 'submit',
): StabilityError {
  const init: StabilityErrorInit = { status, body };
  // An empty or non-JSON body still needs a message that says what happened.
  if (body.errors === undefined || body.errors.length === 0) init.message = `Stability answered HTTP ${status}`;
  if (requestId !== undefined) init.requestId = requestId;
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 402) return new PaymentRequiredError(init);
  if (status === 403) return new ContentModerationError(init);
  if (status === 404) {
    const generation = context === 'poll' || body.name === 'generation_not_found';
    return generation ? new GenerationNotFoundError(init) : new NotFoundError(init);
  }
  if (status === 413) return new PayloadTooLargeError(init);
  if (status === 422) return new UnprocessableError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new InternalServerError(init);
  return new StabilityError(init);
}
