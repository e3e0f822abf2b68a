import { WebSocket } from 'ws';
import type { EmulatorContext } from '../context.js';
import { Close, type GatewayPayload, Op } from './protocol.js';

/** How many past dispatches a session keeps for RESUME replay. */
const REPLAY_LOG = 1_000;

export interface GatewaySession {
  readonly id: string;
  readonly intents: number;
  seq: number;
  readonly log: GatewayPayload[];
  socket: WebSocket | null;
  /** Closed normally (1000/1001) or invalidated: cannot be resumed, receives nothing. */
  ended: boolean;
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
      if (session.log.length > REPLAY_LOG) session.log.shift();
      if (session.socket) send(session.socket, session.id, payload);
    },
  };
}
