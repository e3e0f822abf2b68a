import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { EmulatorContext } from '../context.js';
import { apiGuildCreate } from '../wire.js';
import { ALL_INTENTS, Close, Op, PRIVILEGED_INTENTS } from './protocol.js';
import { buildReady } from './ready.js';
import type { GatewayIo, GatewaySession } from './session.js';
import { checkShard } from './shards.js';

const fieldsOf = (d: unknown): Record<string, unknown> =>
  typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};

/** IDENTIFY: check token, compression, intents and shard like Discord, then READY and a GUILD_CREATE per guild of the shard. */
export function identify(
  ctx: EmulatorContext,
  io: GatewayIo,
  sessions: GatewaySession[],
  socket: WebSocket,
  d: unknown,
  resumeUrl: string,
  onIdentified: () => void,
): GatewaySession | undefined {
  const { config, world } = ctx;
  const data = fieldsOf(d);
  const refuse = (code: number, reason: string) => {
    io.fail(socket, code, reason);
    return undefined;
  };
  if (data.token !== config.token) return refuse(Close.AuthenticationFailed, 'Authentication failed.');
  if (data.compress === true) {
    return refuse(Close.DecodeError, 'emulator: identify compress:true is not supported (send plain JSON text frames)');
  }
  const intents = typeof data.intents === 'number' ? data.intents : -1;
  if (intents < 0 || (intents & ~ALL_INTENTS) !== 0) return refuse(Close.InvalidIntents, 'Invalid intent(s).');
  const disallowed = intents & PRIVILEGED_INTENTS & ~config.privilegedIntents;
  if (disallowed !== 0) {
    return refuse(
      Close.DisallowedIntents,
      `Disallowed intent(s): ${disallowed} (allow via the privilegedIntents option)`,
    );
  }
  // Connected sessions only: a crashed bot's resumable leftovers must not pin the shard count of its restart.
  const liveCounts = new Set(sessions.filter((s) => s.socket !== null).map((s) => s.shard[1]));
  const checked = checkShard(data.shard, liveCounts);
  if (!checked.ok) return refuse(Close.InvalidShard, checked.reason);
  const [shardId, shardCount] = checked.shard;
  const guilds = world.guildsOnShard(shardId, shardCount);
  if (guilds.length > config.maxGuildsPerShard) {
    return refuse(
      Close.ShardingRequired,
      `Sharding required: shard ${shardId} of ${shardCount} would hold ${guilds.length} guilds (max ${config.maxGuildsPerShard}).`,
    );
  }
  const session: GatewaySession = {
    id: randomBytes(16).toString('hex'),
    intents,
    shard: checked.shard,
    seq: 0,
    log: [],
    socket,
    ended: false,
    pendingDrop: null,
  };
  sessions.push(session);
  onIdentified();
  io.dispatch(session, 'READY', buildReady(ctx, session, guilds, resumeUrl));
  const joinedAt = new Date(ctx.clock.now()).toISOString();
  for (const guild of guilds) io.dispatch(session, 'GUILD_CREATE', apiGuildCreate(world, guild, joinedAt));
  ctx.events.emit('gateway', { change: 'identified', sessionId: session.id, code: null });
  return session;
}

/** RESUME: replay every dispatch after the client's `seq` (including those sent while it was away), then RESUMED. */
export function resume(
  ctx: EmulatorContext,
  io: GatewayIo,
  sessions: readonly GatewaySession[],
  socket: WebSocket,
  d: unknown,
): GatewaySession | undefined {
  const data = fieldsOf(d);
  if (data.token !== ctx.config.token) {
    io.fail(socket, Close.AuthenticationFailed, 'Authentication failed.');
    return undefined;
  }
  const session = sessions.find((s) => s.id === data.session_id && !s.ended);
  if (!session) {
    io.send(socket, null, { op: Op.InvalidSession, d: false });
    return undefined;
  }
  const seq = typeof data.seq === 'number' ? data.seq : 0;
  if (seq > session.seq) {
    io.fail(socket, Close.InvalidSeq, `Invalid seq ${seq} > ${session.seq}`, session.id);
    return undefined;
  }
  session.socket?.terminate();
  session.socket = socket;
  for (const payload of session.log) if ((payload.s ?? 0) > seq) io.send(socket, session.id, payload);
  io.dispatch(session, 'RESUMED', {});
  ctx.events.emit('gateway', { change: 'resumed', sessionId: session.id, code: null });
  return session;
}
