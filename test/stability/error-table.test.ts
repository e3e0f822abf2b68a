import { describe, expect, it } from 'vitest';
import { describeStabilityError, formatErrorForOperator } from '../../src/stability/describe.js';
import { MAY_HAVE_CHARGED, STABILITY_ERROR_TABLE, STABILITY_FAILURE_KINDS } from '../../src/stability/error-table.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUnreachableError,
  errorFromResponse,
  RequestRefusedError,
  type StabilityError,
  UnexpectedResponseError,
} from '../../src/stability/errors.js';

/** One error for every row of the table, built the way the client builds it. */
const EXAMPLES: Readonly<Record<string, StabilityError>> = {
  refused_locally: new RequestRefusedError(['image: is 20x20; each side must be at least 64 px']),
  bad_request: errorFromResponse(400, { id: 'e', name: 'bad_request', errors: ['seed: must be <= 4294967294'] }, 'r'),
  unauthorized: errorFromResponse(401, { name: 'unauthorized', errors: ['authorization: invalid'] }),
  payment_required: errorFromResponse(402, { name: 'payment_required', errors: ['no credits'] }),
  content_moderation: errorFromResponse(403, { name: 'content_moderation', errors: ['flagged'] }),
  not_found: errorFromResponse(404, { name: 'not_found', errors: ['path: not found'] }),
  generation_not_found: errorFromResponse(404, { name: 'generation_not_found', errors: ['expired'] }, 'r', 'poll'),
  payload_too_large: errorFromResponse(413, { name: 'payload_too_large', errors: ['too big'] }),
  invalid_language: errorFromResponse(422, { name: 'invalid_language', errors: ['English only'] }),
  public_figure: errorFromResponse(422, { name: 'public_figure', errors: ['likeness'] }),
  unprocessable: errorFromResponse(422, { name: 'something_else', errors: ['no'] }),
  rate_limited: errorFromResponse(429, { id: 'rate_limit_exceeded', name: 'rate_limit_exceeded', errors: ['slow'] }),
  server_error: errorFromResponse(503, { name: 'service_unavailable', errors: ['down'] }),
  other_status: errorFromResponse(409, { errors: ['conflict'] }),
  unexpected_response: new UnexpectedResponseError({
    status: 200,
    message: 'not an image',
    body: { errors: ['not an image'] },
  }),
  timeout: new APIConnectionTimeoutError({ timeoutMs: 120_000 }),
  unreachable: new APIUnreachableError({ causeCode: 'ECONNREFUSED' }),
  connection_lost: new APIConnectionError({ causeCode: 'ECONNRESET' }),
  connection_lost_after_headers: new APIConnectionError({
    causeCode: 'ECONNRESET',
    stage: 'after-headers',
    status: 200,
  }),
  aborted: new APIConnectionError({ stage: 'aborted' }),
};

describe('the Stability error table', () => {
  it('has one row per failure, each reached by the error the client throws for it', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...STABILITY_FAILURE_KINDS].sort());
    for (const [kind, error] of Object.entries(EXAMPLES)) {
      expect(error.kind, kind).toBe(kind);
      const row = STABILITY_ERROR_TABLE[error.kind];
      // The class a reader of the table would catch is the error's own class or the one it extends.
      expect([error.name, Object.getPrototypeOf(Object.getPrototypeOf(error)).name]).toContain(row.errorClass);
      expect(error.mayHaveCharged).toBe(row.mayHaveCharged);
    }
  });

  it('stores a distinct failure code per row', () => {
    const codes = STABILITY_FAILURE_KINDS.map((kind) => STABILITY_ERROR_TABLE[kind].failureCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('says "estimated — may have been charged" exactly for the ambiguous failures', () => {
    for (const [kind, error] of Object.entries(EXAMPLES)) {
      const { summary, mayHaveCharged } = describeStabilityError(error);
      expect(summary.includes(MAY_HAVE_CHARGED), kind).toBe(mayHaveCharged);
    }
    const ambiguous = STABILITY_FAILURE_KINDS.filter((kind) => STABILITY_ERROR_TABLE[kind].mayHaveCharged).sort();
    expect(ambiguous).toEqual([
      'aborted',
      'connection_lost',
      'connection_lost_after_headers',
      'generation_not_found',
      'server_error',
      'timeout',
      'unexpected_response',
    ]);
  });

  it('tells a local refusal apart from Stability’s own 400 in code, origin and wording', () => {
    const local = describeStabilityError(EXAMPLES.refused_locally!);
    const remote = describeStabilityError(EXAMPLES.bad_request!);
    expect(local).toMatchObject({ failureCode: 'refused_locally', origin: 'client', mayHaveCharged: false });
    expect(remote).toMatchObject({ failureCode: 'bad_request', origin: 'stability', mayHaveCharged: false });
    expect(local.summary).toBe(
      'The request was not sent to Stability: image: is 20x20; each side must be at least 64 px. Nothing was charged.',
    );
    expect(remote.summary).toBe('Stability rejected the request as invalid: seed: must be <= 4294967294');
  });

  it.each([
    ['timeout', 'timeout after 120 s'],
    ['unreachable', 'connection refused before sending (ECONNREFUSED)'],
    ['connection_lost', 'ECONNRESET before response headers'],
    ['connection_lost_after_headers', 'ECONNRESET after response headers (HTTP 200)'],
    ['server_error', 'HTTP 503 service_unavailable from Stability'],
    ['rate_limited', 'HTTP 429 rate_limit_exceeded from Stability: rate limit, 60 s lockout'],
  ])('describes %s for the operator as "%s"', (kind, cause) => {
    expect(describeStabilityError(EXAMPLES[kind]!).cause).toBe(cause);
  });

  it('keeps the exact sentences users already see for moderation and language', () => {
    expect(describeStabilityError(EXAMPLES.content_moderation!).summary).toBe(
      "Stability's content moderation refused this prompt. You were not charged; try rewording it.",
    );
    expect(describeStabilityError(EXAMPLES.invalid_language!).summary).toMatch(/only understands English/);
  });

  it('formats one operator line with class, code, cause, ids and the charge verdict', () => {
    const line = formatErrorForOperator(EXAMPLES.bad_request!);
    expect(line).toBe(
      'BadRequestError [bad_request]: HTTP 400 bad_request from Stability errors=["seed: must be <= 4294967294"] error id=e request id=r not charged',
    );
    expect(formatErrorForOperator(EXAMPLES.timeout!)).toBe(
      'APIConnectionTimeoutError [timeout]: timeout after 120 s may have charged',
    );
  });
});
