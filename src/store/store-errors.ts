/** The store cannot be opened or written at start: one log line naming where, then exit code 1. */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
  constructor(message: string, cause?: unknown) {
    super(cause instanceof Error ? `${message}: ${cause.message}` : message, cause === undefined ? {} : { cause });
  }
}

/** Another process already runs on this SQLite file: several processes need PostgreSQL. */
export class StoreInUseError extends StoreUnavailableError {
  override readonly name = 'StoreInUseError';
}

// SQLite reports a full disk, a read-only file and I/O faults with these codes (better-sqlite3's SqliteError.code).
const SQLITE_FAULTS = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM|LOCKED|BUSY)/;
// PostgreSQL: connection-level failures (class 08), out of disk (53100), server shutting down (57P0x), read-only (25006).
const POSTGRES_FAULTS = /^(08|53|57P0|25006)/;
const NETWORK_FAULTS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'ENOSPC', 'EROFS']);

/**
 * Whether an error means the store itself is failing (disk full, read-only, the server gone) rather than a bug of
 * ours: the router answers those with "cannot save right now", and /healthz turns 503.
 */
export function isStoreFault(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return SQLITE_FAULTS.test(code) || POSTGRES_FAULTS.test(code) || NETWORK_FAULTS.has(code);
}
