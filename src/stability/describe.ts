import { type ErrorFacts, type ErrorRow, STABILITY_ERROR_TABLE, type StabilityFailureKind } from './error-table.js';
import type { StabilityError } from './errors.js';

/** What a person is told about a failed Stability call, read from `STABILITY_ERROR_TABLE`. */
export interface ErrorDescription {
  kind: StabilityFailureKind;
  /** Short, safe to show to any Discord user. */
  summary: string;
  /** Whether the failure is about the prompt/image (the user can fix it) rather than the service or setup. */
  userFixable: boolean;
  /** The code stored with the failed job. */
  failureCode: string;
  mayHaveCharged: boolean;
  origin: ErrorRow['origin'];
  /** The precise cause, for logs ("ECONNRESET after response headers", "timeout after 120 s"). */
  cause: string;
}

export function errorFacts(error: StabilityError): ErrorFacts {
  return {
    status: error.status,
    code: error.code,
    errors: error.errors,
    timeoutMs: error.timeoutMs,
    causeCode: error.causeCode,
  };
}

export function stabilityErrorRow(error: StabilityError): ErrorRow {
  return STABILITY_ERROR_TABLE[error.kind];
}

export function describeStabilityError(error: StabilityError): ErrorDescription {
  const row = stabilityErrorRow(error);
  const facts = errorFacts(error);
  return {
    kind: error.kind,
    summary: row.user(facts),
    userFixable: row.userFixable,
    failureCode: row.failureCode,
    mayHaveCharged: row.mayHaveCharged,
    origin: row.origin,
    cause: row.operator(facts),
  };
}

/** One line with everything support needs, for the operator's log or the CLI's stderr. Never holds the key. */
export function formatErrorForOperator(error: StabilityError): string {
  const row = stabilityErrorRow(error);
  const parts = [`${error.name} [${row.failureCode}]: ${row.operator(errorFacts(error))}`];
  if (error.errors.length > 0 && error.kind !== 'refused_locally') parts.push(`errors=${JSON.stringify(error.errors)}`);
  if (error.errorId !== undefined) parts.push(`error id=${error.errorId}`);
  if (error.requestId !== undefined) parts.push(`request id=${error.requestId}`);
  parts.push(row.mayHaveCharged ? 'may have charged' : 'not charged');
  return parts.join(' ');
}
