import { randomBytes } from 'node:crypto';
import { stabilityErrorBody } from '../stability/error-bodies.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUnreachableError,
  errorFromResponse,
  type StabilityError,
  UnexpectedResponseError,
} from '../stability/errors.js';
import type { LocalFaultKind } from './faults.js';

/** Faults that end a call with an error rather than a (filtered) image. */
export type LocalErrorFaultKind = Exclude<LocalFaultKind, 'none' | 'content-filtered'>;

type HttpFaultKind = Exclude<
  LocalErrorFaultKind,
  'timeout' | 'unreachable' | 'connection' | 'connection-after-headers' | 'unexpected-response'
>;

/** The status and Stability `name` each HTTP fault answers with; the bodies come from the shared error-bodies table. */
const HTTP_FAULTS: Readonly<Record<HttpFaultKind, { status: number; name: string }>> = {
  'bad-request': { status: 400, name: 'bad_request' },
  unauthorized: { status: 401, name: 'unauthorized' },
  'payment-required': { status: 402, name: 'payment_required' },
  'content-moderation': { status: 403, name: 'content_moderation' },
  'not-found': { status: 404, name: 'not_found' },
  'payload-too-large': { status: 413, name: 'payload_too_large' },
  'invalid-language': { status: 422, name: 'invalid_language' },
  'public-figure': { status: 422, name: 'public_figure' },
  'rate-limit': { status: 429, name: 'rate_limit_exceeded' },
  'server-error': { status: 500, name: 'internal_error' },
};

const hexId = () => randomBytes(16).toString('hex');

/** The local fault's simulated deadline, quoted in the operator's description. */
const LOCAL_TIMEOUT_MS = 120_000;

/**
 * The error the Stability client would throw for this fault. HTTP faults carry a Stability-shaped body and the
 * request id; connection failures and timeouts have no answer, so they carry neither.
 */
export function errorForFault(kind: LocalErrorFaultKind, requestId: string): StabilityError {
  if (kind === 'timeout') {
    return new APIConnectionTimeoutError({ message: 'Request timed out (local fault).', timeoutMs: LOCAL_TIMEOUT_MS });
  }
  if (kind === 'unreachable') {
    return new APIUnreachableError({
      message: 'Connection error (local fault): connect ECONNREFUSED',
      causeCode: 'ECONNREFUSED',
    });
  }
  if (kind === 'connection') {
    return new APIConnectionError({ message: 'Connection lost (local fault): ECONNRESET', causeCode: 'ECONNRESET' });
  }
  if (kind === 'connection-after-headers') {
    return new APIConnectionError({
      message: 'Connection lost after response headers (local fault): ECONNRESET',
      causeCode: 'ECONNRESET',
      stage: 'after-headers',
      status: 200,
    });
  }
  if (kind === 'unexpected-response') {
    const message = "expected an image, got content-type 'application/json' (local fault)";
    return new UnexpectedResponseError({ status: 200, message, body: { errors: [message] }, requestId });
  }
  const fault = HTTP_FAULTS[kind];
  return errorFromResponse(fault.status, stabilityErrorBody(fault.name, hexId), requestId);
}
