import { redactedUrl } from './database.js';

/** The dispatcher's advisory lock: any constant, the same in every process (not the migration lock's). */
export const DISPATCHER_LOCK_KEY = 4_170_222;

export interface LockSessionOptions {
  url: string;
  /** Channels to LISTEN on (plain identifiers). */
  channels: readonly string[];
  /** A query on this connection that takes longer counts as a lost connection. @unit milliseconds */
  queryTimeoutMs: number;
  /** A notification arrived on one of `channels`. */
  onNotify(channel: string, payload: string): void;
  /** The connection broke or ended: anything this session held is gone (or about to be). Called once. */
  onLost(error: Error): void;
}

/**
 * One PostgreSQL connection of its own (never from the pool) that holds the dispatcher's session-level advisory
 * lock and receives notifications. The lock lives exactly as long as this connection: PostgreSQL releases it when
 * the connection ends, however the process died.
 */
export interface LockSession {
  /** Takes the lock if nobody holds it; true when this session holds it now. */
  tryLock(): Promise<boolean>;
  /** Lets go of the lock and tells `channel` listeners, in one round trip. */
  release(channel: string, payload: string): Promise<void>;
  /** A cheap round trip; rejects when the connection does not answer within the query timeout. */
  ping(): Promise<void>;
  /** Ends the connection at once (the server releases the lock if it is held). */
  close(): Promise<void>;
}

/** How soon the server notices a client that vanished without closing (a cut cable, a frozen VM). @unit seconds */
const SERVER_KEEPALIVE = { idle: 5, interval: 2, count: 3 } as const;

export async function openLockSession(options: LockSessionOptions): Promise<LockSession> {
  // Loaded here, not at the top: a bot on SQLite never loads the PostgreSQL driver (its memory stays free).
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: options.url,
    keepAlive: true,
    query_timeout: options.queryTimeoutMs,
    connectionTimeoutMillis: Math.max(options.queryTimeoutMs, 5_000),
    application_name: 'imagine-bot dispatcher election',
  });
  let lost = false;
  const loseWith = (error: Error) => {
    if (lost) return;
    lost = true;
    options.onLost(error);
  };
  client.on('error', (error) => loseWith(error));
  client.on('end', () => loseWith(new Error(`the connection to ${redactedUrl(options.url)} ended`)));
  client.on('notification', (message) => options.onNotify(message.channel, message.payload ?? ''));
  const destroy = () => {
    lost = true;
    client.connection.stream.destroy();
  };
  try {
    await client.connect();
    // Without these the server may keep a vanished leader's lock for hours (the kernel's keepalive defaults), and
    // no successor could take over. Ignored on a Unix socket, where a vanished client is seen at once anyway.
    await client.query(
      `SET tcp_keepalives_idle = ${SERVER_KEEPALIVE.idle}; SET tcp_keepalives_interval = ${SERVER_KEEPALIVE.interval}; ` +
        `SET tcp_keepalives_count = ${SERVER_KEEPALIVE.count}`,
    );
    for (const channel of options.channels) await client.query(`LISTEN "${channel}"`);
  } catch (error) {
    destroy();
    throw error;
  }

  return {
    async tryLock() {
      const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        DISPATCHER_LOCK_KEY,
      ]);
      return result.rows[0]?.locked === true;
    },
    async release(channel, payload) {
      await client.query('SELECT pg_advisory_unlock($1), pg_notify($2, $3)', [DISPATCHER_LOCK_KEY, channel, payload]);
    },
    async ping() {
      await client.query('SELECT 1');
    },
    async close() {
      if (lost) {
        destroy();
        return;
      }
      lost = true;
      // A polite end when the server still answers; a dead socket is destroyed instead of waited on.
      const timer = setTimeout(destroy, options.queryTimeoutMs);
      await client.end().catch(() => undefined);
      clearTimeout(timer);
    },
  };
}
