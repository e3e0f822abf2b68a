import { randomBytes } from 'node:crypto';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  errorFromResponse,
  type StabilityError,
} from '../stability/errors.js';
import type { LocalFaultKind } from './faults.js';

/** Faults that end a call with an error rather than a (filtered) image. */
export type LocalErrorFaultKind = Exclude<LocalFaultKind, 'none' | 'content-filtered'>;

interface HttpFault {
  status: number;
  name: string;
  message: string;
}

// Bodies as Stability sends them (reference/stability-api.md §7); 402 is undocumented, so its body is a guess.
const HTTP_FAULTS: Readonly<Record<Exclude<LocalErrorFaultKind, 'timeout' | 'connection'>, HttpFault>> = {
  'bad-request': {
    status: 400,
    name: 'bad_request',
    message: 'aspect_ratio: must be one of 21:9, 16:9, 3:2, 5:4, 1:1, 4:5, 2:3, 9:16, 9:21',
  },
  unauthorized: { status: 401, name: 'unauthorized', message: 'authorization: invalid or missing header value' },
  'payment-required': {
    status: 402,
    name: 'payment_required',
    message: 'You lack sufficient credits to make this request. Please purchase more credits and try again.',
  },
  'content-moderation': {
    status: 403,
    name: 'content_moderation',
    message:
      'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.',
  },
  'payload-too-large': {
    status: 413,
    name: 'payload_too_large',
    message: 'body: payloads cannot be larger than 10MiB in size',
  },
  'invalid-language': {
    status: 422,
    name: 'invalid_language',
    message: 'English is the only supported language for this service.',
  },
  'public-figure': {
    status: 422,
    name: 'public_figure',
    message:
      'Our system detected the likeness of a public figure in your image. To comply with our guidelines, this request cannot be processed. Please upload a different image.',
  },
  'rate-limit': {
    status: 429,
    name: 'rate_limit_exceeded',
    message:
      'You have exceeded the rate limit of 150 requests within a 10 second period, and have been timed out for 60 seconds.',
  },
  'server-error': {
    status: 500,
    name: 'internal_error',
    message: 'An unexpected server error has occurred, please try again later.',
  },
};

/**
 * The error the Stability client would throw for this fault. HTTP faults carry a Stability-shaped body and the
 * request id; timeouts and connection failures have no response, so they carry neither.
 */
export function errorForFault(kind: LocalErrorFaultKind, requestId: string): StabilityError {
  if (kind === 'timeout') return new APIConnectionTimeoutError({ message: 'Request timed out (local fault).' });
  if (kind === 'connection') {
    return new APIConnectionError({ message: 'Connection error (local fault): connect ECONNREFUSED' });
  }
  const fault = HTTP_FAULTS[kind];
  // Stability uses the short code as the id of a 429 body; other errors get a fresh hex id for support tickets.
  const id = kind === 'rate-limit' ? fault.name : randomBytes(16).toString('hex');
  return errorFromResponse(fault.status, { id, name: fault.name, errors: [fault.message] }, requestId);
}

/** A Stability-shaped 400 for requests the real service would refuse (bad seed, model without image-to-image, …). */
export function badRequest(message: string, requestId: string): StabilityError {
  return errorFromResponse(
    400,
    { id: randomBytes(16).toString('hex'), name: 'bad_request', errors: [message] },
    requestId,
  );
}
