import {
  decodeLimitValue,
  LIMIT_KEYS,
  type LimitKey,
  type LimitOverrides,
  type LimitValues,
} from '../moderation/limits.js';
import type { Db } from './database.js';

export type LimitScope = 'guild' | 'role' | 'user';
export type AuditTargetKind = LimitScope;

export interface Block {
  reason: string;
  blockedBy: string;
  at: number;
}

export interface AuditEntry {
  id: number;
  guildId: string;
  actorId: string;
  action: string;
  targetKind: AuditTargetKind;
  targetId: string;
  /** JSON-compatible state before and after the change; null when there was none (nothing set, nothing left). */
  before: unknown;
  after: unknown;
  at: number;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** Settings a guild's moderators choose, stored as key/value rows of `guild_settings`. */
export type GuildSettingKey =
  | 'mod_log_channel'
  | 'moderator_role'
  /** Daily credit cap of the whole guild (src/budget/). */
  | 'budget_daily'
  /** Daily credit cap of each member. */
  | 'budget_member_daily'
  /** 'on': results in age-restricted channels are posted as spoilers. */
  | 'nsfw_spoiler';

interface AuditRow {
  id: number;
  guild_id: string;
  actor_id: string;
  action: string;
  target_kind: AuditTargetKind;
  target_id: string;
  before_json: string | null;
  after_json: string | null;
  at: number;
}

const isLimitKey = (key: string): key is LimitKey => (LIMIT_KEYS as readonly string[]).includes(key);

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    guildId: row.guild_id,
    actorId: row.actor_id,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    before: parseJson(row.before_json),
    after: parseJson(row.after_json),
    at: row.at,
  };
}

export type ModerationStore = ReturnType<typeof createModerationStore>;

/** The moderators' tables: limit overrides, blocks, usage resets, guild settings and the audit trail. */
export function createModerationStore(db: Db) {
  const selectOverrides = db.prepare(
    'SELECT key, value FROM limits WHERE guild_id = ? AND scope = ? AND target_id = ?',
  );
  const upsertOverride = db.prepare(`
    INSERT INTO limits (guild_id, scope, target_id, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, scope, target_id, key) DO UPDATE SET value = excluded.value,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`);
  const insertAudit = db.prepare(`
    INSERT INTO audit (guild_id, actor_id, action, target_kind, target_id, before_json, after_json, at)
    VALUES (@guildId, @actorId, @action, @targetKind, @targetId, @before, @after, @at)`);

  const overrides = (guildId: string, scope: LimitScope, targetId: string): LimitOverrides => {
    const out: Record<string, unknown> = {};
    for (const row of selectOverrides.all(guildId, scope, targetId) as { key: string; value: string }[]) {
      if (!isLimitKey(row.key)) continue;
      const value = decodeLimitValue(row.key, parseJson(row.value));
      if (value !== undefined) out[row.key] = value;
    }
    return out as LimitOverrides;
  };

  return {
    overrides,

    setOverride<K extends LimitKey>(
      guildId: string,
      scope: LimitScope,
      targetId: string,
      key: K,
      value: LimitValues[K],
      by: string,
      at: number,
    ): void {
      upsertOverride.run(guildId, scope, targetId, key, JSON.stringify(value), by, at);
    },

    /** Removes one override, or every override of the target when key is undefined. */
    removeOverrides(guildId: string, scope: LimitScope, targetId: string, key?: LimitKey): void {
      if (key) {
        db.prepare('DELETE FROM limits WHERE guild_id = ? AND scope = ? AND target_id = ? AND key = ?').run(
          guildId,
          scope,
          targetId,
          key,
        );
      } else {
        db.prepare('DELETE FROM limits WHERE guild_id = ? AND scope = ? AND target_id = ?').run(
          guildId,
          scope,
          targetId,
        );
      }
    },

    block(guildId: string, userId: string): Block | undefined {
      const row = db
        .prepare('SELECT reason, blocked_by, at FROM blocks WHERE guild_id = ? AND user_id = ?')
        .get(guildId, userId) as { reason: string; blocked_by: string; at: number } | undefined;
      return row ? { reason: row.reason, blockedBy: row.blocked_by, at: row.at } : undefined;
    },

    setBlock(guildId: string, userId: string, block: Block): void {
      db.prepare(`
        INSERT INTO blocks (guild_id, user_id, reason, blocked_by, at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (guild_id, user_id) DO UPDATE SET reason = excluded.reason, blocked_by = excluded.blocked_by,
          at = excluded.at`).run(guildId, userId, block.reason, block.blockedBy, block.at);
    },

    removeBlock(guildId: string, userId: string): void {
      db.prepare('DELETE FROM blocks WHERE guild_id = ? AND user_id = ?').run(guildId, userId);
    },

    /** When the user's counted usage was last reset in this guild. */
    usageResetAt(guildId: string, userId: string): number | undefined {
      const row = db.prepare('SELECT at FROM usage_resets WHERE guild_id = ? AND user_id = ?').get(guildId, userId) as
        | { at: number }
        | undefined;
      return row?.at;
    },

    setUsageReset(guildId: string, userId: string, at: number, by: string): void {
      db.prepare(`
        INSERT INTO usage_resets (guild_id, user_id, at, reset_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (guild_id, user_id) DO UPDATE SET at = excluded.at, reset_by = excluded.reset_by`).run(
        guildId,
        userId,
        at,
        by,
      );
    },

    setting(guildId: string, key: GuildSettingKey): string | undefined {
      const row = db.prepare('SELECT value FROM guild_settings WHERE guild_id = ? AND key = ?').get(guildId, key) as
        | { value: string }
        | undefined;
      return row?.value;
    },

    /** Every guild that has the setting, with its value (e.g. all mod-log channels, for a bot-wide warning). */
    settingEverywhere(key: GuildSettingKey): { guildId: string; value: string }[] {
      return (
        db.prepare('SELECT guild_id, value FROM guild_settings WHERE key = ? ORDER BY guild_id').all(key) as {
          guild_id: string;
          value: string;
        }[]
      ).map((row) => ({ guildId: row.guild_id, value: row.value }));
    },

    /** Sets a setting, or clears it when value is undefined. */
    setSetting(guildId: string, key: GuildSettingKey, value: string | undefined, by: string, at: number): void {
      if (value === undefined) {
        db.prepare('DELETE FROM guild_settings WHERE guild_id = ? AND key = ?').run(guildId, key);
        return;
      }
      db.prepare(`
        INSERT INTO guild_settings (guild_id, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (guild_id, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
          updated_at = excluded.updated_at`).run(guildId, key, value, by, at);
    },

    addAudit(entry: NewAuditEntry): AuditEntry {
      const result = insertAudit.run({
        ...entry,
        before: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
      });
      return { ...entry, id: Number(result.lastInsertRowid) };
    },

    /** The guild's latest audit entries, newest first; only those about one target when given. */
    auditLog(guildId: string, limit: number, target?: { kind: AuditTargetKind; id: string }): AuditEntry[] {
      const rows = target
        ? db
            .prepare(
              'SELECT * FROM audit WHERE guild_id = ? AND target_kind = ? AND target_id = ? ORDER BY id DESC LIMIT ?',
            )
            .all(guildId, target.kind, target.id, limit)
        : db.prepare('SELECT * FROM audit WHERE guild_id = ? ORDER BY id DESC LIMIT ?').all(guildId, limit);
      return (rows as AuditRow[]).map(toEntry);
    },

    /** Runs several writes (a change and its audit entry) as one. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
  };
}
