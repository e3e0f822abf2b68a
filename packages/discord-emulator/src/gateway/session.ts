import { WebSocket } from 'ws';
import type { EmulatorContext } from '../context.js';
import { Close, type GatewayPayload, Op } from './protocol.js';
import type { ShardPair } from './shards.js';

/** How many past dispatches a session keeps for RESUME replay. */
const REPLAY_LOG = 1_000;

/** A planned connection drop (fault injection): after `remaining` more dispatches, the socket goes. */
export interface PendingDrop {
  remaining: number;
  readonly closeCode: number;
  readonly done: () => void;
}

export interface GatewaySession {
  readonly id: string;
  readonly intents: number;
  /** `[shard_id, num_shards]` from IDENTIFY; guild events go to the shard that owns the guild. */
  readonly shard: ShardPair;
  seq: number;
  readonly log: GatewayPayload[];
  socket: WebSocket | null;
  /** Closed normally (1000/1001) or invalidated: cannot be resumed, receives nothing. */
  ended: boolean;
  pendingDrop: PendingDrop | null;
}

/** Sending side of the gateway: every frame out is recorded in `emulator.frames`. */
export interface GatewayIo {
  send(socket: WebSocket, sessionId: string | null, payload: GatewayPayload): void;
  /** Closes with a gateway close code; anything but a wrong token is also a recorded violation. */
  fail(socket: WebSocket, code: number, reason: string, sessionId?: string | null): void;
  /** Numbers a dispatch, keeps it for RESUME and sends it if the session is connected. */
  dispatch(session: GatewaySession, t: string, d: unknown): void;
}

export function createGatewayIo(ctx: () => EmulatorContext): GatewayIo {
  const send: GatewayIo['send'] = (socket, sessionId, payload) => {
    const { op, d } = payload;
    ctx().diagnostics.recordFrame({
      direction: 'out',
      sessionId,
      op,
      t: payload.t ?? null,
      s: payload.s ?? null,
      data: d,
    });
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  };
  return {
    send,
    fail(socket, code, reason, sessionId = null) {
      const { diagnostics } = ctx();
      // A wrong token is the caller's deliberate choice in tests, not a protocol bug: log it, don't flag it.
      if (code === Close.AuthenticationFailed) diagnostics.logger.warn(`gateway: closing ${code} ${reason}`);
      else
        diagnostics.recordViolation({
          source: 'gateway',
          method: null,
          route: null,
          code,
          message: reason,
          errors: null,
        });
      diagnostics.recordFrame({ direction: 'out', sessionId, op: null, t: 'CLOSE', s: null, data: { code, reason } });
      socket.close(code, reason.slice(0, 120));
    },
    dispatch(session, t, d) {
      session.seq += 1;
      const payload: GatewayPayload = { op: Op.Dispatch, t, s: session.seq, d };
      session.log.push(payload);
      // Trimmed in batches so a burst of dispatches is not a memmove each.
      if (session.log.length > REPLAY_LOG + REPLAY_LOG / 4) session.log.splice(0, session.log.length - REPLAY_LOG);
      if (session.socket) send(session.socket, session.id, payload);
      const drop = session.pendingDrop;
      if (drop && session.socket && --drop.remaining <= 0) {
        session.pendingDrop = null;
        cutOff(session, drop.closeCode);
        drop.done();
      }
    },
  };
}

/**
 * Drops the session's socket at once: later dispatches only go to the replay log until the client RESUMEs, which is
 * what a connection lost in the middle of a burst looks like to the bot.
 */
export function cutOff(session: GatewaySession, closeCode: number): void {
  const socket = session.socket;
  if (!socket) return;
  session.socket = null;
  socket.close(closeCode, 'emulator: gateway fault');
  // A client that never answers the close handshake is cut off, like a dead link.
  const timer = setTimeout(() => socket.terminate(), 1_000);
  socket.once('close', () => clearTimeout(timer));
}
