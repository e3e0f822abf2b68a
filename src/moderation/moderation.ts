import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { AuditEntry, LimitScope } from '../domain/audit.js';
import type { JobKind } from '../domain/job.js';
import { defaultLimits, type LimitKey, type LimitOverrides, type LimitValues } from '../domain/limits.js';
import { type EffectiveLimits, resolveLimits } from '../domain/resolve-limits.js';
import { HOUR_MS, startOfUtcDay } from '../domain/time.js';
import type { UsageReport } from '../domain/usage.js';
import type { ModelId } from '../stability/models.js';
import type { Store } from '../store/store.js';
import type { Audit } from './audit.js';
import { checkLimits, cooldownEndsAt, hourSlotFreesAt, type UsageSnapshot } from './check-limits.js';

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
  /** See LimitRequest: the member's own image, and an endpoint without a model. */
  imageInput?: boolean;
  noModel?: boolean;
}

export type ModerationVerdict = { ok: true; limits: EffectiveLimits } | { ok: false; message: string };

export type Moderation = ReturnType<typeof createModeration>;

export interface ModerationDeps {
  store: Store;
  audit: Audit;
  limits: Config['limits'];
  clock: Clock;
}

/**
 * Limits, blocks, usage resets and guild settings as the commands and admission see them. Reads take the store to
 * read through, so admission can run them inside its transaction; every change is written with its audit entry.
 */
export function createModeration(deps: ModerationDeps) {
  const { audit, clock } = deps;
  const defaults = defaultLimits(deps.limits);

  const effective = async (
    guildId: string | undefined,
    target: LimitTarget,
    store: Store = deps.store,
  ): Promise<EffectiveLimits> => {
    if (guildId === undefined) return resolveLimits({ defaults });
    const guild = await store.moderation.overrides(guildId, 'guild', guildId);
    if (target.kind === 'guild') return resolveLimits({ defaults, guild });
    const roleIds = target.kind === 'role' ? [target.roleId] : target.roleIds;
    const roles = await Promise.all(
      roleIds.map(async (roleId) => ({ roleId, overrides: await store.moderation.overrides(guildId, 'role', roleId) })),
    );
    const user = target.kind === 'user' ? await store.moderation.overrides(guildId, 'user', target.userId) : undefined;
    return resolveLimits({ defaults, guild, roles, ...(user ? { user } : {}) });
  };

  /** Counting starts at the later of the window's start and the user's last `/quota reset`. */
  const countingFrom = async (
    store: Store,
    guildId: string | undefined,
    userId: string,
    windowStart: number,
  ): Promise<number> => {
    const reset = guildId === undefined ? undefined : await store.moderation.usageResetAt(guildId, userId);
    // Strictly after the reset: the jobs that were there when the moderator pressed it no longer count.
    return reset === undefined ? windowStart : Math.max(windowStart, reset + 1);
  };

  const snapshot = async (
    store: Store,
    guildId: string | undefined,
    userId: string,
    now: number,
  ): Promise<UsageSnapshot> => {
    const { queued, running } = await store.jobs.activeCounts(guildId, userId);
    const hourFrom = await countingFrom(store, guildId, userId, now - HOUR_MS + 1);
    const hourJobTimes = await store.usage.jobTimesSince(guildId, userId, hourFrom);
    const lastJobAt = await store.usage.lastJobAt(guildId, userId, await countingFrom(store, guildId, userId, 0));
    return { queued, running, hourJobTimes, ...(lastJobAt !== undefined ? { lastJobAt } : {}) };
  };

  const blockOf = async (guildId: string | undefined, userId: string, store: Store = deps.store) =>
    guildId === undefined ? undefined : store.moderation.block(guildId, userId);

  return {
    effective,
    blockOf,
    audit,

    /** The member's limits and blocks for this request, read through `store` (admission passes its transaction). */
    async check(request: ModerationRequest, store: Store = deps.store): Promise<ModerationVerdict> {
      const block = await blockOf(request.guildId, request.userId, store);
      if (block) {
        return {
          ok: false,
          message: `⛔ A moderator blocked you from using this bot on this server. Reason: ${block.reason}`,
        };
      }
      const now = clock.now();
      const limits = await effective(
        request.guildId,
        { kind: 'user', userId: request.userId, roleIds: request.roleIds ?? [] },
        store,
      );
      const refusal = checkLimits(request, limits, await snapshot(store, request.guildId, request.userId, now), now);
      return refusal ? { ok: false, message: refusal } : { ok: true, limits };
    },

    async usageReport(guildId: string, userId: string, roleIds: readonly string[]): Promise<UsageReport> {
      const now = clock.now();
      const limits = await effective(guildId, { kind: 'user', userId, roleIds });
      const snap = await snapshot(deps.store, guildId, userId, now);
      const hourFreesAt = hourSlotFreesAt(snap.hourJobTimes, limits.jobs_per_hour.value);
      const cooled = cooldownEndsAt(snap, limits.cooldown.value, now);
      const block = await blockOf(guildId, userId);
      return {
        today: await deps.store.usage.totalsSince(guildId, userId, startOfUtcDay(now)),
        queued: snap.queued,
        running: snap.running,
        hourUsed: snap.hourJobTimes.length,
        limits,
        ...(hourFreesAt !== undefined ? { hourFreesAt } : {}),
        ...(cooled !== undefined ? { cooldownEndsAt: cooled } : {}),
        ...(block ? { block } : {}),
      };
    },

    overrides(guildId: string, scope: LimitScope, targetId: string): Promise<LimitOverrides> {
      return deps.store.moderation.overrides(guildId, scope, targetId);
    },

    setLimit<K extends LimitKey>(
      actorId: string,
      guildId: string,
      scope: LimitScope,
      targetId: string,
      key: K,
      value: LimitValues[K],
    ): Promise<AuditEntry> {
      return deps.store.transaction(async (tx) => {
        const previous = (await tx.moderation.overrides(guildId, scope, targetId))[key];
        await tx.moderation.setOverride(guildId, scope, targetId, key, value, actorId, clock.now());
        return audit.record(tx, {
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
    ): Promise<AuditEntry | undefined> {
      return deps.store.transaction(async (tx) => {
        const current = await tx.moderation.overrides(guildId, scope, targetId);
        const removed = key ? (current[key] === undefined ? {} : { [key]: current[key] }) : current;
        if (Object.keys(removed).length === 0) return undefined;
        await tx.moderation.removeOverrides(guildId, scope, targetId, key);
        return audit.record(tx, {
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

    block(actorId: string, guildId: string, userId: string, reason: string): Promise<AuditEntry> {
      return deps.store.transaction(async (tx) => {
        const previous = await tx.moderation.block(guildId, userId);
        await tx.moderation.setBlock(guildId, userId, { reason, blockedBy: actorId, at: clock.now() });
        return audit.record(tx, {
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
    unblock(actorId: string, guildId: string, userId: string): Promise<AuditEntry | undefined> {
      return deps.store.transaction(async (tx) => {
        const previous = await tx.moderation.block(guildId, userId);
        if (!previous) return undefined;
        await tx.moderation.removeBlock(guildId, userId);
        return audit.record(tx, {
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
    resetQuota(actorId: string, guildId: string, userId: string): Promise<AuditEntry> {
      return deps.store.transaction(async (tx) => {
        const now = clock.now();
        const before = await snapshot(tx, guildId, userId, now);
        await tx.moderation.setUsageReset(guildId, userId, now, actorId);
        return audit.record(tx, {
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

    modLogChannel: (guildId: string) => deps.store.moderation.setting(guildId, 'mod_log_channel'),
    moderatorRole: (guildId: string) => deps.store.moderation.setting(guildId, 'moderator_role'),

    setModLogChannel(actorId: string, guildId: string, channelId: string | undefined): Promise<AuditEntry> {
      return deps.store.transaction(async (tx) => {
        const previous = await tx.moderation.setting(guildId, 'mod_log_channel');
        await tx.moderation.setSetting(guildId, 'mod_log_channel', channelId, actorId, clock.now());
        return audit.record(tx, {
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

    setModeratorRole(actorId: string, guildId: string, roleId: string | undefined): Promise<AuditEntry> {
      return deps.store.transaction(async (tx) => {
        const previous = await tx.moderation.setting(guildId, 'moderator_role');
        await tx.moderation.setSetting(guildId, 'moderator_role', roleId, actorId, clock.now());
        return audit.record(tx, {
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
