import type { APIEmbed } from 'discord-api-types/v10';
import type { AuditEntry } from '../domain/audit.js';
import { decodeLimitValue, formatLimitValue, LIMIT_KEYS, LIMITS, type LimitKey } from '../domain/limits.js';

/** Every change a moderator can make, as stored in `audit.action`. */
export const AUDIT_ACTIONS = {
  'limit.set': '🚦 Limit set',
  'limit.reset': '↩️ Limit override removed',
  'user.block': '⛔ User blocked',
  'user.unblock': '✅ User unblocked',
  'quota.reset': '🔁 Usage reset',
  'modlog.channel': '📜 Mod-log channel changed',
  'modlog.moderator-role': '🛡️ Moderator role changed',
  'modlog.nsfw-spoiler': '🔞 NSFW spoiler setting changed',
  'budget.set': '💸 Daily budget changed',
  'blocklist.add': '🚫 Blocklist entry added',
  'blocklist.remove': '↩️ Blocklist entry removed',
  'report.create': '🚩 False positive reported',
  'report.dismiss': '🚩 Report dismissed',
  'report.allow': '🚩 Report allowed: one retry',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLimitKey = (key: string): key is LimitKey => (LIMIT_KEYS as readonly string[]).includes(key);

export function mentionTarget(entry: Pick<AuditEntry, 'targetKind' | 'targetId'>): string {
  switch (entry.targetKind) {
    case 'guild':
      return 'the server';
    case 'role':
      return `<@&${entry.targetId}>`;
    case 'user':
      return `<@${entry.targetId}>`;
  }
}

function formatStored(key: LimitKey, raw: unknown): string {
  const decoded = decodeLimitValue(key, raw);
  return decoded === undefined ? JSON.stringify(raw) : formatLimitValue(key, decoded);
}

/** `{ jobs_per_hour: 3 }` → "Jobs per hour 3"; unknown keys as JSON. */
function describeLimits(value: unknown): string {
  if (!isRecord(value)) return 'not set';
  const parts = Object.entries(value).map(([key, raw]) =>
    isLimitKey(key) ? `${LIMITS[key].label} ${formatStored(key, raw)}` : `${key} ${JSON.stringify(raw)}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'not set';
}

const field = (value: unknown, name: string): string | undefined =>
  isRecord(value) && typeof value[name] === 'string' ? (value[name] as string) : undefined;

/** One line a moderator reads in `/limits history` and in the mod-log. */
export function describeAudit(entry: AuditEntry): string {
  const actor = `<@${entry.actorId}>`;
  const target = mentionTarget(entry);
  switch (entry.action as AuditAction) {
    case 'limit.set': {
      const key = isRecord(entry.after) ? Object.keys(entry.after).find(isLimitKey) : undefined;
      if (!key || !isRecord(entry.after)) return `${actor} set a limit for ${target}`;
      const before = isRecord(entry.before) && key in entry.before ? formatStored(key, entry.before[key]) : 'not set';
      return `${actor} set **${LIMITS[key].label}** for ${target}: ${before} → **${formatStored(key, entry.after[key])}**`;
    }
    case 'limit.reset':
      return `${actor} removed overrides for ${target}: ${describeLimits(entry.before)}`;
    case 'user.block':
      return `${actor} blocked ${target}: “${field(entry.after, 'reason') ?? ''}”`;
    case 'user.unblock':
      return `${actor} unblocked ${target} (was blocked for “${field(entry.before, 'reason') ?? ''}”)`;
    case 'quota.reset': {
      const jobs =
        isRecord(entry.before) && typeof entry.before.jobsLastHour === 'number' ? entry.before.jobsLastHour : 0;
      return `${actor} reset the counted usage of ${target} (${jobs} job${jobs === 1 ? '' : 's'} in the last hour no longer count)`;
    }
    case 'modlog.channel': {
      const show = (v: unknown) => (field(v, 'channel') ? `<#${field(v, 'channel')}>` : 'none');
      return `${actor} changed the mod-log channel: ${show(entry.before)} → ${show(entry.after)}`;
    }
    case 'modlog.moderator-role': {
      const show = (v: unknown) => (field(v, 'role') ? `<@&${field(v, 'role')}>` : 'none');
      return `${actor} changed the moderator role: ${show(entry.before)} → ${show(entry.after)}`;
    }
    case 'modlog.nsfw-spoiler':
      return `${actor} turned spoilers for results in age-restricted channels **${field(entry.after, 'spoiler') ?? 'off'}**`;
    case 'budget.set': {
      const scope = field(entry.after, 'scope') ?? field(entry.before, 'scope');
      const show = (v: unknown) => (isRecord(v) && typeof v.credits === 'number' ? `${v.credits} credits` : 'no cap');
      return `${actor} changed the daily budget ${scope === 'member' ? 'per member' : 'of the server'}: ${show(entry.before)} → **${show(entry.after)}**`;
    }
    case 'blocklist.add':
    case 'blocklist.remove': {
      const value = entry.action === 'blocklist.add' ? entry.after : entry.before;
      const list = field(value, 'list') === 'nsfw' ? 'NSFW list' : 'blocklist';
      // Spoilered: the mod-log is for moderators, but nobody needs the term in their face.
      const term = `||${(field(value, 'term') ?? '').replaceAll('|', '\\|')}||`;
      const kind = field(value, 'kind') === 'regex' ? 'pattern' : 'word';
      return entry.action === 'blocklist.add'
        ? `${actor} added the ${kind} ${term} to the ${list}`
        : `${actor} removed the ${kind} ${term} from the ${list}`;
    }
    case 'report.create':
      return `${actor} reported job \`${field(entry.after, 'job') ?? '?'}\` as a false positive`;
    case 'report.dismiss':
      return `${actor} dismissed the report of ${target} on job \`${field(entry.after, 'job') ?? '?'}\``;
    case 'report.allow':
      return `${actor} let ${target} retry the prompt of job \`${field(entry.after, 'job') ?? '?'}\` once`;
    default:
      return `${actor} ${entry.action} ${target}`;
  }
}

/**
 * The mod-log message of one audit entry: the readable line, with mentions for members, roles and channels. The
 * stored before/after (ids, JSON) stays in the audit table for `/limits history` and the operator, not in the channel.
 */
export function auditEmbed(entry: AuditEntry): APIEmbed {
  return {
    title: AUDIT_ACTIONS[entry.action as AuditAction] ?? entry.action,
    description: describeAudit(entry),
    footer: { text: `Audit #${entry.id} · ${entry.action}` },
    timestamp: new Date(entry.at).toISOString(),
    color: 0x5865f2,
  };
}
