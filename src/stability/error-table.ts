/**
 * Every way a Stability call can fail, in one table: the error class that carries it, the code stored with a failed
 * job, whether Stability may have charged for it, and what the user and the operator are told. The job runner, the
 * refund rules, the CLI and `describeStabilityError` all read this instead of their own `instanceof` ladders.
 */
export type StabilityFailureKind =
  | 'refused_locally'
  | 'bad_request'
  | 'unauthorized'
  | 'payment_required'
  | 'content_moderation'
  | 'not_found'
  | 'generation_not_found'
  | 'payload_too_large'
  | 'invalid_language'
  | 'public_figure'
  | 'unprocessable'
  | 'rate_limited'
  | 'server_error'
  | 'other_status'
  | 'unexpected_response'
  | 'timeout'
  | 'unreachable'
  | 'connection_lost'
  | 'connection_lost_after_headers'
  | 'aborted';

/** What a row's sentences may quote from the error itself. */
export interface ErrorFacts {
  status: number | undefined;
  /** Stability's short code (`name` in its error body). */
  code: string | undefined;
  errors: readonly string[];
  timeoutMs: number | undefined;
  /** The network error code (`ECONNRESET`, `ECONNREFUSED`, `UND_ERR_SOCKET`, …), for connection failures. */
  causeCode: string | undefined;
}

export interface ErrorRow {
  /** The class `instanceof` would find (its `name`), for logs and the README. */
  errorClass: string;
  /** When it happens, for people reading the table. */
  when: string;
  /** Stored as the job's or image's `error_code`. */
  failureCode: string;
  /** False only when the failure proves Stability did no billable work. */
  mayHaveCharged: boolean;
  /** Who stopped the call: the client before sending, the network, or Stability's answer. */
  origin: 'client' | 'network' | 'stability';
  /** Whether the user can fix it by changing the prompt or image (rather than the operator or time). */
  userFixable: boolean;
  /** Safe to show any Discord user; never contains the key or raw bodies beyond Stability's own messages. */
  user: (facts: ErrorFacts) => string;
  /** Names the cause precisely, for the operator's log and the CLI's stderr. */
  operator: (facts: ErrorFacts) => string;
}

/** The wording every ambiguous row shares, so users learn one phrase for "we cannot know if it cost credits". */
export const MAY_HAVE_CHARGED = 'estimated — may have been charged';

const first = (facts: ErrorFacts, fallback: string) => facts.errors[0] ?? fallback;
const http = (facts: ErrorFacts) =>
  `HTTP ${facts.status ?? '?'}${facts.code === undefined ? '' : ` ${facts.code}`} from Stability`;
const seconds = (ms: number | undefined) => (ms === undefined ? '?' : `${Number((ms / 1000).toFixed(2))} s`);
const cause = (facts: ErrorFacts, fallback: string) => facts.causeCode ?? fallback;

export const STABILITY_ERROR_TABLE: Readonly<Record<StabilityFailureKind, ErrorRow>> = {
  refused_locally: {
    errorClass: 'RequestRefusedError',
    when: 'the client refused the request before sending it (invalid field, image too small, wrong shape or type)',
    failureCode: 'refused_locally',
    mayHaveCharged: false,
    origin: 'client',
    userFixable: true,
    user: (f) => `The request was not sent to Stability: ${first(f, 'it is not valid')}. Nothing was charged.`,
    operator: (f) => `refused before sending: ${f.errors.join('; ') || 'invalid request'}`,
  },
  bad_request: {
    errorClass: 'BadRequestError',
    when: 'HTTP 400',
    failureCode: 'bad_request',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: true,
    user: (f) => `Stability rejected the request as invalid: ${first(f, 'bad request')}`,
    operator: http,
  },
  unauthorized: {
    errorClass: 'AuthenticationError',
    when: 'HTTP 401',
    failureCode: 'unauthorized',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: false,
    user: () => "The bot's Stability API key was refused. The operator has to fix the key.",
    operator: (f) => `${http(f)}: the API key was refused`,
  },
  payment_required: {
    errorClass: 'PaymentRequiredError',
    when: 'HTTP 402 (undocumented; read as an empty balance)',
    failureCode: 'payment_required',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: false,
    user: () => 'The Stability account has run out of credits. The operator has to top it up.',
    operator: (f) => `${http(f)}: out of credits`,
  },
  content_moderation: {
    errorClass: 'ContentModerationError',
    when: 'HTTP 403 content_moderation',
    failureCode: 'content_moderation',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: true,
    user: () => "Stability's content moderation refused this prompt. You were not charged; try rewording it.",
    operator: (f) => `${http(f)}: input refused by moderation`,
  },
  not_found: {
    errorClass: 'NotFoundError',
    when: 'HTTP 404 on a POST (unknown endpoint or retired model)',
    failureCode: 'not_found',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: false,
    user: () => 'Stability does not know this endpoint or model (it may have been retired).',
    operator: (f) => `${http(f)}: unknown endpoint or model`,
  },
  generation_not_found: {
    errorClass: 'GenerationNotFoundError',
    when: 'HTTP 404 on GET /v2beta/results/{id}: unknown or expired (results are kept 24 h)',
    failureCode: 'generation_not_found',
    // The submit that created it was charged; the result is lost, not the credits.
    mayHaveCharged: true,
    origin: 'stability',
    userFixable: false,
    user: () => `Stability no longer has this result (it keeps results for 24 hours) — ${MAY_HAVE_CHARGED}.`,
    operator: (f) => `${http(f)}: generation unknown or expired`,
  },
  payload_too_large: {
    errorClass: 'PayloadTooLargeError',
    when: 'HTTP 413',
    failureCode: 'payload_too_large',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: false,
    user: () => 'The image sent to Stability was larger than its 10 MiB limit.',
    operator: (f) => `${http(f)}: request body over 10 MiB`,
  },
  invalid_language: {
    errorClass: 'UnprocessableError',
    when: 'HTTP 422 invalid_language',
    failureCode: 'invalid_language',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: true,
    user: () => 'Stability only understands English prompts. Please write the prompt in English.',
    operator: (f) => `${http(f)}: prompt not in English`,
  },
  public_figure: {
    errorClass: 'UnprocessableError',
    when: 'HTTP 422 public_figure',
    failureCode: 'public_figure',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: true,
    user: () => 'Stability refused this request because it detected the likeness of a public figure.',
    operator: (f) => `${http(f)}: public figure detected`,
  },
  unprocessable: {
    errorClass: 'UnprocessableError',
    when: 'HTTP 422 with any other name',
    failureCode: 'unprocessable',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: true,
    user: () => 'Stability could not process this request.',
    operator: http,
  },
  rate_limited: {
    errorClass: 'RateLimitError',
    when: 'HTTP 429 (then a 60 s lockout)',
    failureCode: 'rate_limited',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: false,
    user: () => 'Stability is rate-limiting this bot (150 requests per 10 s); the queue pauses for 60 s.',
    operator: (f) => `${http(f)}: rate limit, 60 s lockout`,
  },
  server_error: {
    errorClass: 'InternalServerError',
    when: 'HTTP 5xx',
    failureCode: 'server_error',
    mayHaveCharged: true,
    origin: 'stability',
    userFixable: false,
    user: () => `Stability had an internal error. It was not retried automatically (${MAY_HAVE_CHARGED}).`,
    operator: http,
  },
  other_status: {
    errorClass: 'StabilityError',
    when: 'any other non-2xx status (a redirect, 409, …)',
    failureCode: 'stability_error',
    mayHaveCharged: false,
    origin: 'stability',
    userFixable: false,
    user: (f) => `Stability returned an unexpected error (HTTP ${f.status ?? '?'}).`,
    operator: http,
  },
  unexpected_response: {
    errorClass: 'UnexpectedResponseError',
    when: 'a 2xx that is not a readable image, generation id or balance',
    failureCode: 'unexpected_response',
    mayHaveCharged: true,
    origin: 'stability',
    userFixable: false,
    user: () =>
      `Stability answered with something that is not an image. It was not retried automatically (${MAY_HAVE_CHARGED}).`,
    operator: (f) => `unexpected HTTP ${f.status ?? '?'} answer: ${f.errors.join('; ')}`,
  },
  timeout: {
    errorClass: 'APIConnectionTimeoutError',
    when: 'no complete answer within the deadline',
    failureCode: 'timeout',
    mayHaveCharged: true,
    origin: 'network',
    userFixable: false,
    user: () => `Stability did not answer in time. It was not retried automatically (${MAY_HAVE_CHARGED}).`,
    operator: (f) => `timeout after ${seconds(f.timeoutMs)}`,
  },
  unreachable: {
    errorClass: 'APIUnreachableError',
    when: 'ECONNREFUSED, ENOTFOUND, EAI_AGAIN: the request never reached the server',
    failureCode: 'unreachable',
    mayHaveCharged: false,
    origin: 'network',
    userFixable: false,
    user: () => 'Stability could not be reached (network error). Nothing was sent, so nothing was charged.',
    operator: (f) =>
      `${f.causeCode?.startsWith('EAI') || f.causeCode === 'ENOTFOUND' ? 'host not found' : 'connection refused'} before sending (${cause(f, 'no code')})`,
  },
  connection_lost: {
    errorClass: 'APIConnectionError',
    when: 'ECONNRESET or socket closed after the request was sent, before response headers',
    failureCode: 'connection',
    mayHaveCharged: true,
    origin: 'network',
    userFixable: false,
    user: () =>
      `The connection to Stability broke after the request was sent. It was not retried automatically (${MAY_HAVE_CHARGED}).`,
    operator: (f) => `${cause(f, 'connection closed')} before response headers`,
  },
  connection_lost_after_headers: {
    errorClass: 'APIConnectionError',
    when: 'ECONNRESET or socket closed while the answer body was arriving',
    failureCode: 'connection_after_headers',
    mayHaveCharged: true,
    origin: 'network',
    userFixable: false,
    user: () =>
      `The connection to Stability broke while the image was arriving. It was not retried automatically (${MAY_HAVE_CHARGED}).`,
    operator: (f) => `${cause(f, 'connection closed')} after response headers (HTTP ${f.status ?? '?'})`,
  },
  aborted: {
    errorClass: 'APIConnectionError',
    when: "the caller's AbortSignal fired (shutdown, cancel) before the answer was complete",
    failureCode: 'aborted',
    mayHaveCharged: true,
    origin: 'client',
    userFixable: false,
    user: () => `The request to Stability was cancelled before it finished (${MAY_HAVE_CHARGED}).`,
    operator: () => 'aborted by the caller before the answer was complete',
  },
};

export const STABILITY_FAILURE_KINDS = Object.keys(STABILITY_ERROR_TABLE) as StabilityFailureKind[];
