import { WebSocket } from 'ws';

export interface Frame {
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
}

/** A bare gateway client: collects frames and the close code, for protocol-level assertions. */
export function rawGateway(url: string) {
  const socket = new WebSocket(url);
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const frame = (match: (f: Frame) => boolean): Promise<Frame> =>
    new Promise((resolve) => {
      const check = () => {
        const found = frames.find(match);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  const send = (payload: unknown) => socket.send(JSON.stringify(payload));
  return { socket, frames, frame, send, closed };
}

/** Opens a raw connection and IDENTIFYs (intents: Guilds) as the given shard once HELLO arrived. */
export async function identifyRaw(gatewayUrl: string, token: string, shard?: unknown) {
  const gw = rawGateway(`${gatewayUrl}?v=10&encoding=json`);
  await gw.frame((f) => f.op === 10);
  gw.send({ op: 2, d: { token, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) } });
  return gw;
}

/** Guild ids a raw session received GUILD_CREATE for. */
export const guildCreates = (frames: readonly Frame[]): string[] =>
  frames.flatMap((f) => (f.t === 'GUILD_CREATE' && isRecord(f.d) && typeof f.d.id === 'string' ? [f.d.id] : []));

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
