/** The shape of the Stability error table (error-table.ts) and the wording its rows share. */
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

export const first = (facts: ErrorFacts, fallback: string) => facts.errors[0] ?? fallback;
export const http = (facts: ErrorFacts) =>
  `HTTP ${facts.status ?? '?'}${facts.code === undefined ? '' : ` ${facts.code}`} from Stability`;
export const seconds = (ms: number | undefined) => (ms === undefined ? '?' : `${Number((ms / 1000).toFixed(2))} s`);
export const cause = (facts: ErrorFacts, fallback: string) => facts.causeCode ?? fallback;
