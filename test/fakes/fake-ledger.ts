import type { EndpointName } from '../../src/stability/models.js';

/**
 * Why the fake charged a request. It charges what Stability bills: a sync 200 (SUCCESS or CONTENT_FILTERED) its
 * price; an async submit its price at submit (the poll that fetches the image charges nothing); a 200 that was cut
 * off after its headers (`reset-after-headers`) or was not an image (`not-an-image`), because the work was done.
 * Errors, hangs, resets before headers and quota 429s charge nothing.
 */
export type ChargeReason = 'success' | 'content-filtered' | 'async-submit' | 'reset-after-headers' | 'not-an-image';

export interface LedgerEntry {
  /** Index of the request in the server's log. */
  requestIndex: number;
  endpoint: EndpointName;
  credits: number;
  reason: ChargeReason;
  /** For async submits: the id the image is polled with. */
  generationId?: string;
}

export interface FakeLedger {
  entries(): readonly LedgerEntry[];
  /** Credits charged so far, over every request. */
  total(): number;
  /** Credits one request was charged (0 for an error). */
  chargedFor(requestIndex: number): number;
}

export interface MutableLedger extends FakeLedger {
  charge(entry: LedgerEntry): void;
}

export function createLedger(): MutableLedger {
  const entries: LedgerEntry[] = [];
  return {
    entries: () => entries,
    total: () => entries.reduce((sum, entry) => sum + entry.credits, 0),
    chargedFor: (index) =>
      entries.filter((entry) => entry.requestIndex === index).reduce((sum, entry) => sum + entry.credits, 0),
    charge(entry) {
      entries.push(entry);
    },
  };
}
