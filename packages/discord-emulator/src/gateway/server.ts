import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { EmulatorContext } from '../context.js';
import { identify, resume } from './handshake.js';
import { Close, Op, parseFrame } from './protocol.js';
import { createGatewayIo, type GatewaySession } from './session.js';

export type { GatewaySession } from './session.js';

export interface GatewayServer {
  readonly sessions: readonly GatewaySession[];
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends to every live session (queued for RESUME while disconnected); returns how many sessions got it. */
  dispatch(t: string, d: unknown, filter?: (session: GatewaySession) => boolean): number;
  /** Drops every bot socket (default close code 4000, which discord.js answers with RESUME). */
  disconnect(code?: number): Promise<void>;
  close(): void;
}

/** Discord's gateway over `ws`, JSON text frames only (v=10, encoding=json, no compression). */
export function createGatewayServer(ctx: () => EmulatorContext, gatewayUrl: () => string): GatewayServer {
  const wss = new WebSocketServer({ noServer: true });
  const sessions: GatewaySession[] = [];
  const io = createGatewayIo(ctx);

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
              ? identify(ctx(), io, sessions, socket, payload.d, gatewayUrl())
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
        if (code === 1000 || code === 1001) session.ended = true;
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

  return {
    sessions,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    dispatch(t, d, filter) {
      const live = sessions.filter((s) => !s.ended && (filter?.(s) ?? true));
      for (const session of live) io.dispatch(session, t, d);
      return live.length;
    },
    async disconnect(code = Close.UnknownError) {
      const sockets = sessions.flatMap((s) => (s.socket ? [s.socket] : []));
      await Promise.all(sockets.map((socket) => closeOrCutOff(socket, code)));
    },
    close() {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    },
  };
}

/** A client that never answers the close handshake is cut off after a second, like a dropped network link. */
function closeOrCutOff(socket: WebSocket, code: number): Promise<void> {
  return new Promise((resolve) => {
    const cutOff = setTimeout(() => socket.terminate(), 1_000);
    socket.once('close', () => {
      clearTimeout(cutOff);
      resolve();
    });
    socket.close(code, 'emulator: disconnectBot()');
  });
}
