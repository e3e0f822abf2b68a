import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { AuditEntry, Block } from '../domain/audit.js';
import { formatLimitValue, LIMIT_KEYS, LIMITS, type LimitKey } from '../domain/limits.js';
import type { EffectiveLimits, LimitSource } from '../domain/resolve-limits.js';
import { relativeTime } from '../format/time.js';
import { describeAudit } from './audit-format.js';

/** An embed description holds 4096 characters. */
const DESCRIPTION_MAX = 4096;

/** Where a value comes from, as a moderator reads it in `/limits view`. */
export function sourceLabel(source: LimitSource): string {
  switch (source.kind) {
    case 'user':
      return 'user override';
    case 'role':
      return `role ${source.roleIds.map((id) => `<@&${id}>`).join(', ')}`;
    case 'guild':
      return 'server setting';
    case 'default':
      return 'bot default';
  }
}

function limitField<K extends LimitKey>(key: K, limits: EffectiveLimits): APIEmbedField {
  const { value, source } = limits[key];
  return {
    name: LIMITS[key].label,
    value: `**${formatLimitValue(key, value)}**\n${sourceLabel(source)}`,
    inline: true,
  };
}

export interface LimitsView {
  title: string;
  /** Who the limits apply to, in words. */
  description: string;
  limits: EffectiveLimits;
  block?: Block;
  /** The guild's moderation settings, shown with the server's own limits. */
  settings?: { modLogChannel: string | undefined; moderatorRole: string | undefined };
}

/** `/limits view`: every effective limit and where it comes from (user → roles → server → bot default). */
export function limitsEmbed(view: LimitsView): APIEmbed {
  const fields = LIMIT_KEYS.map((key) => limitField(key, view.limits));
  if (view.block) {
    fields.push({
      name: '⛔ Blocked',
      value: `${view.block.reason} (by <@${view.block.blockedBy}> ${relativeTime(view.block.at)})`,
    });
  }
  if (view.settings) {
    const { modLogChannel, moderatorRole } = view.settings;
    fields.push(
      { name: 'Mod-log channel', value: modLogChannel ? `<#${modLogChannel}>` : 'not set', inline: true },
      {
        name: 'Moderator role',
        value: moderatorRole ? `<@&${moderatorRole}>` : 'not set (Manage Server only)',
        inline: true,
      },
    );
  }
  return {
    title: view.title,
    description: view.description,
    fields,
    footer: { text: 'Order: user override → most generous role → server setting → bot default' },
    color: 0x5865f2,
  };
}

/** `/limits history`: the latest audit entries, newest first, as many as fit. */
export function historyEmbed(entries: readonly AuditEntry[], about?: string): APIEmbed {
  const lines: string[] = [];
  let length = 0;
  for (const entry of entries) {
    const line = `\`#${entry.id}\` ${relativeTime(entry.at)} ${describeAudit(entry)}`;
    if (length + line.length + 1 > DESCRIPTION_MAX) break;
    lines.push(line);
    length += line.length + 1;
  }
  return {
    title: about ? `Moderator changes about ${about}` : 'Latest moderator changes',
    description: lines.length > 0 ? lines.join('\n') : 'No moderator changes yet.',
    color: 0x5865f2,
  };
}
