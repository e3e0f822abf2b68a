import type { GatewayReadyDispatchData, UserFlags } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { EmulatorGuild } from '../types.js';
import { apiUser } from '../wire.js';
import type { GatewaySession } from './session.js';

/** READY as discord.js reads it: session info for RESUME, the bot user, the application and unavailable guilds. */
/** discord-api-types also lists `flags_new` on the application; Discord's READY carries only id and flags. */
export type ReadyData = Omit<GatewayReadyDispatchData, 'application'> & { application: { id: string; flags: number } };

export function buildReady(
  ctx: EmulatorContext,
  session: GatewaySession,
  guilds: readonly EmulatorGuild[],
  resumeUrl: string,
): ReadyData {
  return {
    v: 10,
    user: { ...apiUser(ctx.world.bot), bot: true, verified: true, mfa_enabled: false, flags: 0 as UserFlags },
    guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
    session_id: session.id,
    resume_gateway_url: resumeUrl,
    shard: [session.shard[0], session.shard[1]],
    application: { id: ctx.config.applicationId, flags: 0 },
  };
}
