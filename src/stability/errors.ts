/**
 * Typed errors of the Stability client, one class per documented status, so callers branch on `instanceof`
 * and the router classifies each exactly once.
 */
export interface StabilityErrorBody {
  id?: string;
  name?: string;
  errors?: string[];
}

export interface StabilityErrorInit {
  status?: number;
  body?: StabilityErrorBody;
  requestId?: string;
  message?: string;
  cause?: unknown;
}

export class StabilityError extends Error {
  override readonly name: string = 'StabilityError';
  /** HTTP status, absent for connection errors and timeouts. */
  readonly status: number | undefined;
  /** Stability's error id ("include in support tickets"). */
  readonly errorId: string | undefined;
  /** Stability's short code, e.g. `content_moderation`, `invalid_language`. */
  readonly code: string | undefined;
  readonly errors: readonly string[];
  /** `x-request-id` of the failing response, when there was one. */
  readonly requestId: string | undefined;

  constructor(init: StabilityErrorInit = {}) {
    const detail = init.body?.errors?.join('; ');
    super(init.message ?? detail ?? 'Stability request failed', init.cause === undefined ? {} : { cause: init.cause });
    this.status = init.status;
    this.errorId = init.body?.id;
    this.code = init.body?.name;
    this.errors = init.body?.errors ?? [];
    this.requestId = init.requestId;
  }

  /** Whether Stability may have done (and billed) the work: only statuses that prove nothing ran are false. */
  get mayHaveCharged(): boolean {
    return false;
  }
}

export class BadRequestError extends StabilityError {
  override readonly name = 'BadRequestError';
}
export class AuthenticationError extends StabilityError {
  override readonly name = 'AuthenticationError';
}
/** 402: not documented by Stability; treated as "out of credits". */
export class PaymentRequiredError extends StabilityError {
  override readonly name = 'PaymentRequiredError';
}
/** 403 `content_moderation`: the input was refused and not charged. */
export class ContentModerationError extends StabilityError {
  override readonly name = 'ContentModerationError';
}
export class NotFoundError extends StabilityError {
  override readonly name = 'NotFoundError';
}
export class PayloadTooLargeError extends StabilityError {
  override readonly name = 'PayloadTooLargeError';
}
/** 422: `invalid_language` (non-English prompt) or `public_figure`. */
export class UnprocessableError extends StabilityError {
  override readonly name = 'UnprocessableError';
  get reason(): 'invalid_language' | 'public_figure' | 'other' {
    if (this.code === 'invalid_language' || this.code === 'public_figure') return this.code;
    return 'other';
  }
}
/** 429: proves no work was done; the scheduler requeues the job and pauses for the lockout. */
export class RateLimitError extends StabilityError {
  override readonly name = 'RateLimitError';
}
/** 5xx: ambiguous — the work may have run and been billed, so it is never retried automatically. */
export class InternalServerError extends StabilityError {
  override readonly name = 'InternalServerError';
  override get mayHaveCharged(): boolean {
    return true;
  }
}
/** A 2xx that is not a readable image (or balance): Stability answered, so the work may have been billed. */
export class UnexpectedResponseError extends StabilityError {
  override readonly name = 'UnexpectedResponseError';
  override get mayHaveCharged(): boolean {
    return true;
  }
}
export class APIConnectionError extends StabilityError {
  override readonly name: string = 'APIConnectionError';
  override get mayHaveCharged(): boolean {
    return true;
  }
}
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name = 'APIConnectionTimeoutError';
}

export function errorFromResponse(status: number, body: StabilityErrorBody, requestId?: string): StabilityError {
  const init: StabilityErrorInit = { status, body };
  // An empty or non-JSON body still needs a message that says what happened.
  if (body.errors === undefined || body.errors.length === 0) init.message = `Stability answered HTTP ${status}`;
  if (requestId !== undefined) init.requestId = requestId;
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 402) return new PaymentRequiredError(init);
  if (status === 403) return new ContentModerationError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 413) return new PayloadTooLargeError(init);
  if (status === 422) return new UnprocessableError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new InternalServerError(init);
  return new StabilityError(init);
}
