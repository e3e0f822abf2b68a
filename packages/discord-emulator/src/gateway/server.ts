import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { EmulatorContext } from '../context.js';
import { identify, resume } from './handshake.js';
import { Close, Op, parseFrame } from './protocol.js';
import { createGatewayIo, type GatewaySession } from './session.js';
import { shardOf } from './shards.js';

export type { GatewaySession } from './session.js';

export interface GatewayDropOptions {
  /** Dispatches the bot still receives before its socket drops (default 1: right after the next one). */
  readonly afterDispatches?: number;
  /** Only this shard's session(s); default every session. */
  readonly shard?: number;
  /** Default 4000, which discord.js answers with RESUME. */
  readonly closeCode?: number;
}

export interface GatewayServer {
  /** Sessions that may still receive dispatches (connected, or away and resumable). */
  readonly sessions: readonly GatewaySession[];
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends to every live session (queued for RESUME while disconnected); returns how many sessions got it. */
  dispatch(t: string, d: unknown, filter?: (session: GatewaySession) => boolean): number;
  /** Sends to the live session(s) of the shard that owns the guild, as Discord routes guild events. */
  dispatchToGuild(guildId: string, t: string, d: unknown, filter?: (session: GatewaySession) => boolean): number;
  /** Whether some live session would receive the guild's events. */
  servesGuild(guildId: string): boolean;
  /** Drops bot socket(s) (default close code 4000, which discord.js answers with RESUME). */
  disconnect(code?: number, shard?: number): Promise<void>;
  /** Arms a drop in the middle of a burst; resolves once the socket(s) went. */
  dropAfter(options?: GatewayDropOptions): Promise<void>;
  /** How many IDENTIFYs happened since `since` (emulator clock, last 24 hours kept), for `session_start_limit`. */
  identifiesSince(since: number): number;
  /** Emulator-clock time of the oldest IDENTIFY still in the 24-hour window. */
  oldestIdentify(): number | undefined;
  close(): void;
}

const DAY_MS = 24 * 60 * 60_000;
const MAX_AWAY_SESSIONS = 16;

const owns = (session: GatewaySession, guildId: string) => shardOf(guildId, session.shard[1]) === session.shard[0];

/** Discord's gateway over `ws`, JSON text frames only (v=10, encoding=json, no compression). */
export function createGatewayServer(ctx: () => EmulatorContext, gatewayUrl: () => string): GatewayServer {
  const wss = new WebSocketServer({ noServer: true });
  const sessions: GatewaySession[] = [];
  const identifies: number[] = [];
  const io = createGatewayIo(ctx);
  const recordIdentify = () => {
    const now = ctx().clock.now();
    identifies.push(now);
    while ((identifies[0] ?? now) < now - DAY_MS) identifies.shift();
  };
  // Bots killed mid-run leave resumable sessions that would each get every dispatch; keep only the latest few.
  const forgetStale = () => {
    const away = sessions.filter((s) => s.socket === null);
    for (const stale of away.slice(0, Math.max(0, away.length - MAX_AWAY_SESSIONS))) end(stale);
  };
  const end = (session: GatewaySession) => {
    session.ended = true;
    const index = sessions.indexOf(session);
    if (index >= 0) sessions.splice(index, 1);
  };

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const query = new URL(req.url ?? '/', 'http://emulator.invalid').searchParams;
    let session: GatewaySession | undefined;
    socket.on('message', (raw: RawData, isBinary: boolean) => {
      const text = isBinary ? null : raw.toString();
      const payload = text === null ? undefined : parseFrame(text);
      const sessionId = session?.id ?? null;
      const data = payload?.d ?? text;
      ctx().diagnostics.recordFrame({ direction: 'in', sessionId, op: payload?.op ?? null, t: null, s: null, data });
      if (!payload)
        return io.fail(socket, Close.DecodeError, 'Error while decoding payload: send JSON text frames', sessionId);
      switch (payload.op) {
        case Op.Heartbeat:
          return io.send(socket, sessionId, { op: Op.HeartbeatAck, d: null });
        case Op.Identify:
        case Op.Resume:
          if (session) return io.fail(socket, Close.AlreadyAuthenticated, 'Already authenticated.', sessionId);
          session =
            payload.op === Op.Identify
              ? identify(ctx(), io, sessions, socket, payload.d, gatewayUrl(), recordIdentify)
              : resume(ctx(), io, sessions, socket, payload.d);
          return;
        case Op.PresenceUpdate:
        case Op.VoiceStateUpdate:
        case Op.RequestGuildMembers:
        case Op.RequestSoundboardSounds:
          // Accepted and ignored: nothing in the emulator depends on presence, voice or member chunks.
          if (!session) io.fail(socket, Close.NotAuthenticated, 'Not authenticated.');
          return;
        default:
          return io.fail(socket, Close.UnknownOpcode, `Unknown opcode ${payload.op}.`, sessionId);
      }
    });
    socket.on('close', (code: number) => {
      if (session && session.socket === socket) {
        session.socket = null;
        // A client that closes normally gives up its session (Discord invalidates it); anything else may RESUME.
        if (code === 1000 || code === 1001) end(session);
        else forgetStale();
      }
      ctx().events.emit('gateway', { change: 'closed', sessionId: session?.id ?? '', code });
    });
    const version = query.get('v');
    const encoding = query.get('encoding') ?? 'json';
    const compress = query.get('compress');
    if (version !== null && version !== '10') {
      return io.fail(socket, Close.InvalidApiVersion, `Invalid API version ${version}: the emulator speaks v10`);
    }
    if (encoding !== 'json')
      return io.fail(socket, Close.DecodeError, `emulator: encoding=${encoding} is not supported, use json`);
    if (compress !== null) {
      return io.fail(
        socket,
        Close.DecodeError,
        `emulator: compress=${compress} is not supported (uninstall zlib-sync)`,
      );
    }
    io.send(socket, null, { op: Op.Hello, d: { heartbeat_interval: ctx().config.heartbeatIntervalMs } });
  });

  const send = (live: readonly GatewaySession[], t: string, d: unknown) => {
    for (const session of live) io.dispatch(session, t, d);
    return live.length;
  };
  const onShard = (shard: number | undefined) => sessions.filter((s) => shard === undefined || s.shard[0] === shard);
  return {
    sessions,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    dispatch: (t, d, filter) => send(filter ? sessions.filter(filter) : [...sessions], t, d),
    dispatchToGuild: (guildId, t, d, filter) =>
      send(
        sessions.filter((s) => owns(s, guildId) && (filter?.(s) ?? true)),
        t,
        d,
      ),
    servesGuild: (guildId) => sessions.some((s) => owns(s, guildId)),
    async disconnect(code = Close.UnknownError, shard) {
      const sockets = onShard(shard).flatMap((s) => (s.socket ? [s.socket] : []));
      await Promise.all(sockets.map((socket) => closeOrCutOff(socket, code)));
    },
    dropAfter(options = {}) {
      const targets = onShard(options.shard).filter((s) => s.socket);
      const closeCode = options.closeCode ?? Close.UnknownError;
      const remaining = Math.max(1, options.afterDispatches ?? 1);
      return Promise.all(
        targets.map(
          (session) =>
            new Promise<void>((done) => {
              session.pendingDrop = { remaining, closeCode, done };
            }),
        ),
      ).then(() => undefined);
    },
    identifiesSince: (since) => identifies.filter((at) => at >= since).length,
    oldestIdentify: () => identifies[0],
    close() {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    },
  };
}

/** A client that never answers the close handshake is cut off after a second, like a dropped network link. */
function closeOrCutOff(socket: WebSocket, code: number): Promise<void> {
  return new Promise((resolve) => {
    const cutOffTimer = setTimeout(() => socket.terminate(), 1_000);
    socket.once('close', () => {
      clearTimeout(cutOffTimer);
      resolve();
    });
    socket.close(code, 'emulator: disconnectBot()');
  });
}
