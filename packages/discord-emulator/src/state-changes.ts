import type { OverwriteChange } from './api.js';
import type { EmulatorContext } from './context.js';
import type { EmulatorChannel, EmulatorRole, EmulatorUser } from './types.js';
import { apiChannel } from './wire.js';

/**
 * Sets (or with allow=deny=0, removes) one overwrite and sends CHANNEL_UPDATE, so discord.js's cache and the
 * next interaction's `app_permissions` agree with what the REST routes enforce.
 */
export function setChannelPermissions(
  ctx: EmulatorContext,
  channel: EmulatorChannel,
  target: EmulatorUser | EmulatorRole | string,
  change: OverwriteChange,
): void {
  const resolved =
    target === '@everyone'
      ? { id: channel.guildId, type: 'role' as const }
      : typeof target === 'string'
        ? ctx.world.roles.has(target)
          ? { id: target, type: 'role' as const }
          : {
              id: (ctx.world.users.get(target) ?? ctx.world.byKey.users[target])?.id ?? target,
              type: 'member' as const,
            }
        : { id: target.id, type: target.kind === 'role' ? ('role' as const) : ('member' as const) };
  const rest = channel.overwrites.filter((o) => !(o.id === resolved.id && o.type === resolved.type));
  const allow = change.allow ?? 0n;
  const deny = change.deny ?? 0n;
  channel.overwrites = allow === 0n && deny === 0n ? rest : [...rest, { ...resolved, allow, deny }];
  ctx.gateway.dispatchToGuild(channel.guildId, 'CHANNEL_UPDATE', apiChannel(channel));
}
