import { ANSWER_ROWS } from './error-rows-answers.js';
import { TRANSPORT_ROWS } from './error-rows-transport.js';
import type { ErrorRow, StabilityFailureKind } from './error-table-types.js';

export { type ErrorFacts, type ErrorRow, MAY_HAVE_CHARGED, type StabilityFailureKind } from './error-table-types.js';

/**
 * Every way a Stability call can fail, in one table: the error class that carries it, the code stored with a failed
 * job, whether Stability may have charged for it, and what the user and the operator are told. The job runner, the
 * refund rules, the CLI and `describeStabilityError` all read this instead of their own `instanceof` ladders.
 */
export const STABILITY_ERROR_TABLE: Readonly<Record<StabilityFailureKind, ErrorRow>> = {
  ...TRANSPORT_ROWS,
  ...ANSWER_ROWS,
};

export const STABILITY_FAILURE_KINDS = Object.keys(STABILITY_ERROR_TABLE) as StabilityFailureKind[];
