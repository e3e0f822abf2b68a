import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { ModelId } from '../stability/models.js';
import type { JobStore } from '../store/job-store.js';
import type { JobKind } from '../store/job-types.js';
import type { AuditEntry, Block, LimitScope, ModerationStore } from '../store/moderation-store.js';
import type { DayTotals, UsageStore } from '../store/usage-store.js';
import type { Audit } from './audit.js';
import { checkLimits, cooldownEndsAt, HOUR_MS, hourSlotFreesAt, type UsageSnapshot } from './check-limits.js';
import { defaultLimits, type LimitKey, type LimitOverrides, type LimitValues } from './limits.js';
import { type EffectiveLimits, resolveLimits } from './resolve-limits.js';

/** Whose limits to resolve: the guild's own, a role's (over the guild's), or a member's (with the roles they hold). */
export type LimitTarget =
  | { kind: 'guild' }
  | { kind: 'role'; roleId: string }
  | { kind: 'user'; userId: string; roleIds: readonly string[] };

export interface ModerationRequest {
  guildId?: string;
  userId: string;
  roleIds?: readonly string[];
  kind: JobKind;
  model: ModelId;
  count: number;
}

export type ModerationVerdict = { ok: true; limits: EffectiveLimits } | { ok: false; message: string };

export interface UsageReport {
  today: DayTotals;
  queued: number;
  running: number;
  /** Counted jobs in the rolling hour. */
  hourUsed: number;
  /** When another job fits in the hour again (undefined: it fits now). */
  hourFreesAt?: number;
  cooldownEndsAt?: number;
  limits: EffectiveLimits;
  block?: Block;
}

export type Moderation = ReturnType<typeof createModeration>;

export function startOfUtcDay(at: number): number {
  const day = new Date(at);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
}

export interface ModerationDeps {
  store: ModerationStore;
  usage: UsageStore;
  jobs: JobStore;
  audit: Audit;
  limits: Config['limits'];
  clock: Clock;
}

/**
 * Limits, blocks, usage resets and guild settings as the commands and admission see them. Reads are SQLite only, so
 * admission stays synchronous and fast; every change is written together with its audit entry.
 */
export function createModeration(deps: ModerationDeps) {
  const { store, usage, audit, clock } = deps;
  const defaults = defaultLimits(deps.limits);
  /** The concurrency last resolved per user, for the runner's per-user group (which is keyed by user, not guild). */
  const concurrency = new Map<string, number>();

  const effective = (guildId: string | undefined, target: LimitTarget): EffectiveLimits => {
    if (guildId === undefined) return resolveLimits({ defaults });
    const guild = store.overrides(guildId, 'guild', guildId);
    if (target.kind === 'guild') return resolveLimits({ defaults, guild });
    const roleIds = target.kind === 'role' ? [target.roleId] : target.roleIds;
    const roles = roleIds.map((roleId) => ({ roleId, overrides: store.overrides(guildId, 'role', roleId) }));
    const user = target.kind === 'user' ? store.overrides(guildId, 'user', target.userId) : undefined;
    return resolveLimits({ defaults, guild, roles, ...(user ? { user } : {}) });
  };

  /** Counting starts at the later of the window's start and the user's last `/quota reset`. */
  const countingFrom = (guildId: string | undefined, userId: string, windowStart: number): number => {
    const reset = guildId === undefined ? undefined : store.usageResetAt(guildId, userId);
    // Strictly after the reset: the jobs that were there when the moderator pressed it no longer count.
    return reset === undefined ? windowStart : Math.max(windowStart, reset + 1);
  };

  const snapshot = (guildId: string | undefined, userId: string, now: number): UsageSnapshot => {
    const { queued, running } = deps.jobs.activeCounts(guildId, userId);
    const hourJobTimes = usage.jobTimesSince(guildId, userId, countingFrom(guildId, userId, now - HOUR_MS + 1));
    const lastJobAt = usage.lastJobAt(guildId, userId, countingFrom(guildId, userId, 0));
    return { queued, running, hourJobTimes, ...(lastJobAt !== undefined ? { lastJobAt } : {}) };
  };

  const blockOf = (guildId: string | undefined, userId: string): Block | undefined =>
    guildId === undefined ? undefined : store.block(guildId, userId);

  const change = <T>(fn: () => T): T => store.transaction(fn);

  return {
    effective,
    blockOf,
    audit,

    check(request: ModerationRequest): ModerationVerdict {
      const block = blockOf(request.guildId, request.userId);
      if (block) {
        return {
          ok: false,
          message: `⛔ A moderator blocked you from using this bot on this server. Reason: ${block.reason}`,
        };
      }
      const now = clock.now();
      const limits = effective(request.guildId, {
        kind: 'user',
        userId: request.userId,
        roleIds: request.roleIds ?? [],
      });
      const refusal = checkLimits(request, limits, snapshot(request.guildId, request.userId, now), now);
      if (refusal) return { ok: false, message: refusal };
      concurrency.set(request.userId, limits.concurrent.value);
      return { ok: true, limits };
    },

    /**
     * The per-user concurrency for the runner. After a restart, until the user's next request, their roles are not
     * known: the user override, guild setting or default of the guild of their latest unfinished job applies.
     */
    concurrencyFor(userId: string): number {
      const known = concurrency.get(userId);
      if (known !== undefined) return known;
      const guildId = usage.guildOfLatestActiveJob(userId);
      return Math.max(1, effective(guildId, { kind: 'user', userId, roleIds: [] }).concurrent.value);
    },

    usageReport(guildId: string, userId: string, roleIds: readonly string[]): UsageReport {
      const now = clock.now();
      const limits = effective(guildId, { kind: 'user', userId, roleIds });
      const snap = snapshot(guildId, userId, now);
      const hourFreesAt = hourSlotFreesAt(snap.hourJobTimes, limits.jobs_per_hour.value);
      const cooled = cooldownEndsAt(snap, limits.cooldown.value, now);
      const block = blockOf(guildId, userId);
      return {
        today: usage.totalsSince(guildId, userId, startOfUtcDay(now)),
        queued: snap.queued,
        running: snap.running,
        hourUsed: snap.hourJobTimes.length,
        limits,
        ...(hourFreesAt !== undefined ? { hourFreesAt } : {}),
        ...(cooled !== undefined ? { cooldownEndsAt: cooled } : {}),
        ...(block ? { block } : {}),
      };
    },

    overrides(guildId: string, scope: LimitScope, targetId: string): LimitOverrides {
      return store.overrides(guildId, scope, targetId);
    },

    setLimit<K extends LimitKey>(
      actorId: string,
      guildId: string,
      scope: LimitScope,
      targetId: string,
      key: K,
      value: LimitValues[K],
    ): AuditEntry {
      return change(() => {
        const previous = store.overrides(guildId, scope, targetId)[key];
        store.setOverride(guildId, scope, targetId, key, value, actorId, clock.now());
        return audit.record({
          guildId,
          actorId,
          action: 'limit.set',
          targetKind: scope,
          targetId,
          before: previous === undefined ? null : { [key]: previous },
          after: { [key]: value },
        });
      });
    },

    /** Removes one override (or all of the target's); undefined when there was nothing to remove. */
    resetLimits(
      actorId: string,
      guildId: string,
      scope: LimitScope,
      targetId: string,
      key?: LimitKey,
    ): AuditEntry | undefined {
      return change(() => {
        const current = store.overrides(guildId, scope, targetId);
        const removed = key ? (current[key] === undefined ? {} : { [key]: current[key] }) : current;
        if (Object.keys(removed).length === 0) return undefined;
        store.removeOverrides(guildId, scope, targetId, key);
        return audit.record({
          guildId,
          actorId,
          action: 'limit.reset',
          targetKind: scope,
          targetId,
          before: removed,
          after: null,
        });
      });
    },

    block(actorId: string, guildId: string, userId: string, reason: string): AuditEntry {
      return change(() => {
        const previous = store.block(guildId, userId);
        store.setBlock(guildId, userId, { reason, blockedBy: actorId, at: clock.now() });
        return audit.record({
          guildId,
          actorId,
          action: 'user.block',
          targetKind: 'user',
          targetId: userId,
          before: previous ? { reason: previous.reason, by: previous.blockedBy } : null,
          after: { reason },
        });
      });
    },

    /** Undefined when the user was not blocked. */
    unblock(actorId: string, guildId: string, userId: string): AuditEntry | undefined {
      return change(() => {
        const previous = store.block(guildId, userId);
        if (!previous) return undefined;
        store.removeBlock(guildId, userId);
        return audit.record({
          guildId,
          actorId,
          action: 'user.unblock',
          targetKind: 'user',
          targetId: userId,
          before: { reason: previous.reason, by: previous.blockedBy },
          after: null,
        });
      });
    },

    /** Forgets the user's counted jobs (the rolling hour and the cooldown); the job rows themselves stay. */
    resetQuota(actorId: string, guildId: string, userId: string): AuditEntry {
      return change(() => {
        const now = clock.now();
        const before = snapshot(guildId, userId, now);
        store.setUsageReset(guildId, userId, now, actorId);
        return audit.record({
          guildId,
          actorId,
          action: 'quota.reset',
          targetKind: 'user',
          targetId: userId,
          before: { jobsLastHour: before.hourJobTimes.length, lastJobAt: before.lastJobAt ?? null },
          after: { countingFrom: now },
        });
      });
    },

    modLogChannel: (guildId: string) => store.setting(guildId, 'mod_log_channel'),
    moderatorRole: (guildId: string) => store.setting(guildId, 'moderator_role'),

    setModLogChannel(actorId: string, guildId: string, channelId: string | undefined): AuditEntry {
      return change(() => {
        const previous = store.setting(guildId, 'mod_log_channel');
        store.setSetting(guildId, 'mod_log_channel', channelId, actorId, clock.now());
        return audit.record({
          guildId,
          actorId,
          action: 'modlog.channel',
          targetKind: 'guild',
          targetId: guildId,
          before: previous ? { channel: previous } : null,
          after: channelId ? { channel: channelId } : null,
        });
      });
    },

    setModeratorRole(actorId: string, guildId: string, roleId: string | undefined): AuditEntry {
      return change(() => {
        const previous = store.setting(guildId, 'moderator_role');
        store.setSetting(guildId, 'moderator_role', roleId, actorId, clock.now());
        return audit.record({
          guildId,
          actorId,
          action: 'modlog.moderator-role',
          targetKind: 'guild',
          targetId: guildId,
          before: previous ? { role: previous } : null,
          after: roleId ? { role: roleId } : null,
        });
      });
    },
  };
}
