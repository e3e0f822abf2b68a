import {
  cause,
  type ErrorRow,
  first,
  MAY_HAVE_CHARGED,
  type StabilityFailureKind,
  seconds,
} from './error-table-types.js';

/** Failures with no answer from Stability: refused by the client, never connected, cut off, timed out, aborted. */
export const TRANSPORT_ROWS = {
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
} as const satisfies Partial<Record<StabilityFailureKind, ErrorRow>>;
