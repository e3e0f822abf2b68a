import { connect, createServer, type Socket } from 'node:net';

/** One client connection through the relay, and the relay's own connection to the target for it. */
export interface RelayedConnection {
  /** In order of arrival, from 1. */
  id: number;
  /**
   * The relay's local port towards the target: the client port the target sees (PostgreSQL's
   * `pg_stat_activity.client_port`), which names this connection on the target's side. Undefined until connected.
   */
  targetSidePort(): number | undefined;
  /** Bytes stop flowing both ways and both sockets stay open, as on a link cut somewhere in between. */
  freeze(): void;
  /** Both sides end at once, as on a reset link: client and target each see their peer gone. */
  cut(): void;
  /** Only the target's side ends: what the target does once it gives up on a peer that vanished (keepalive). */
  dropTargetSide(): void;
  frozen(): boolean;
}

export interface TcpRelay {
  /** `target` with host and port replaced by the relay's (a database URL, an API origin). */
  url(target: string): string;
  port: number;
  /** Every connection so far, in order (ended ones included). */
  connections(): readonly RelayedConnection[];
  /** Freezes every connection, now and from now on (a whole link cut). */
  freeze(): void;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

export interface TcpRelayOptions {
  /** Sees every chunk a client sends, as it is forwarded (not while frozen): to read requests off the wire. */
  onClientData?(connection: RelayedConnection, chunk: Buffer): void;
}

/**
 * A TCP relay in front of a server (PostgreSQL, an HTTP API) that can freeze or cut each connection on its own:
 * the faults of a network between a bot process and what it talks to, which the bot cannot tell from the real thing.
 * A clean end on either side is passed on to the other, unless the connection is frozen.
 */
export async function startTcpRelay(
  target: { host: string; port: number },
  options: TcpRelayOptions = {},
): Promise<TcpRelay> {
  const all: RelayedConnection[] = [];
  const sockets = new Set<Socket>();
  let frozenAll = false;

  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    let frozen = frozenAll;
    const connection: RelayedConnection = {
      id: all.length + 1,
      targetSidePort: () => upstream.localPort,
      freeze: () => {
        frozen = true;
      },
      cut: () => {
        client.destroy();
        upstream.destroy();
      },
      dropTargetSide: () => {
        upstream.destroy();
      },
      frozen: () => frozen || frozenAll,
    };
    all.push(connection);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      if (connection.frozen()) return;
      options.onClientData?.(connection, chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!connection.frozen()) client.write(chunk);
    });
    // A frozen link carries no end either: each side learns of it only by its own timeouts.
    client.on('close', () => {
      if (!connection.frozen()) upstream.destroy();
    });
    upstream.on('close', () => {
      if (!connection.frozen()) client.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('TCP relay: no port');
  const port = address.port;

  return {
    port,
    url(of) {
      const url = new URL(of);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString().replace(/\/$/, '');
    },
    connections: () => all,
    freeze: () => {
      frozenAll = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
