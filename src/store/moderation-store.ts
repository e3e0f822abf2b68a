import type { Kysely } from 'kysely';
import type {
  AuditEntry,
  AuditTargetKind,
  Block,
  GuildSettingKey,
  LimitScope,
  NewAuditEntry,
} from '../domain/audit.js';
import {
  decodeLimitValue,
  LIMIT_KEYS,
  type LimitKey,
  type LimitOverrides,
  type LimitValues,
} from '../domain/limits.js';
import type { DB } from './schema.js';

const isLimitKey = (key: string): key is LimitKey => (LIMIT_KEYS as readonly string[]).includes(key);

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const toJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export type ModerationStore = ReturnType<typeof createModerationStore>;

/** The moderators' tables: limit overrides, blocks, usage resets, guild settings and the audit trail. */
export function createModerationStore(db: Kysely<DB>) {
  return {
    async overrides(guildId: string, scope: LimitScope, targetId: string): Promise<LimitOverrides> {
      const rows = await db
        .selectFrom('limits')
        .select(['key', 'value'])
        .where('guild_id', '=', guildId)
        .where('scope', '=', scope)
        .where('target_id', '=', targetId)
        .execute();
      const out: Record<string, unknown> = {};
      for (const row of rows) {
        if (!isLimitKey(row.key)) continue;
        const value = decodeLimitValue(row.key, parseJson(row.value));
        if (value !== undefined) out[row.key] = value;
      }
      return out as LimitOverrides;
    },

    async setOverride<K extends LimitKey>(
      guildId: string,
      scope: LimitScope,
      targetId: string,
      key: K,
      value: LimitValues[K],
      by: string,
      at: number,
    ): Promise<void> {
      await db
        .insertInto('limits')
        .values({
          guild_id: guildId,
          scope,
          target_id: targetId,
          key,
          value: JSON.stringify(value),
          updated_by: by,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['guild_id', 'scope', 'target_id', 'key']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_by: eb.ref('excluded.updated_by'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },

    /** Removes one override, or every override of the target when key is undefined. */
    async removeOverrides(guildId: string, scope: LimitScope, targetId: string, key?: LimitKey): Promise<void> {
      let query = db
        .deleteFrom('limits')
        .where('guild_id', '=', guildId)
        .where('scope', '=', scope)
        .where('target_id', '=', targetId);
      if (key) query = query.where('key', '=', key);
      await query.execute();
    },

    async block(guildId: string, userId: string): Promise<Block | undefined> {
      const row = await db
        .selectFrom('blocks')
        .select(['reason', 'blocked_by', 'at'])
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? { reason: row.reason, blockedBy: row.blocked_by, at: row.at } : undefined;
    },

    async setBlock(guildId: string, userId: string, block: Block): Promise<void> {
      await db
        .insertInto('blocks')
        .values({ guild_id: guildId, user_id: userId, reason: block.reason, blocked_by: block.blockedBy, at: block.at })
        .onConflict((oc) =>
          oc.columns(['guild_id', 'user_id']).doUpdateSet((eb) => ({
            reason: eb.ref('excluded.reason'),
            blocked_by: eb.ref('excluded.blocked_by'),
            at: eb.ref('excluded.at'),
          })),
        )
        .execute();
    },

    async removeBlock(guildId: string, userId: string): Promise<void> {
      await db.deleteFrom('blocks').where('guild_id', '=', guildId).where('user_id', '=', userId).execute();
    },

    /** When the user's counted usage was last reset in this guild. */
    async usageResetAt(guildId: string, userId: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('usage_resets')
        .select('at')
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.at;
    },

    async setUsageReset(guildId: string, userId: string, at: number, by: string): Promise<void> {
      await db
        .insertInto('usage_resets')
        .values({ guild_id: guildId, user_id: userId, at, reset_by: by })
        .onConflict((oc) =>
          oc
            .columns(['guild_id', 'user_id'])
            .doUpdateSet((eb) => ({ at: eb.ref('excluded.at'), reset_by: eb.ref('excluded.reset_by') })),
        )
        .execute();
    },

    async setting(guildId: string, key: GuildSettingKey): Promise<string | undefined> {
      const row = await db
        .selectFrom('guild_settings')
        .select('value')
        .where('guild_id', '=', guildId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row?.value;
    },

    /** Every guild that has the setting, with its value (e.g. all mod-log channels, for a bot-wide warning). */
    async settingEverywhere(key: GuildSettingKey): Promise<{ guildId: string; value: string }[]> {
      const rows = await db
        .selectFrom('guild_settings')
        .select(['guild_id', 'value'])
        .where('key', '=', key)
        .orderBy('guild_id')
        .execute();
      return rows.map((row) => ({ guildId: row.guild_id, value: row.value }));
    },

    /** Sets a setting, or clears it when value is undefined. */
    async setSetting(
      guildId: string,
      key: GuildSettingKey,
      value: string | undefined,
      by: string,
      at: number,
    ): Promise<void> {
      if (value === undefined) {
        await db.deleteFrom('guild_settings').where('guild_id', '=', guildId).where('key', '=', key).execute();
        return;
      }
      await db
        .insertInto('guild_settings')
        .values({ guild_id: guildId, key, value, updated_by: by, updated_at: at })
        .onConflict((oc) =>
          oc.columns(['guild_id', 'key']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_by: eb.ref('excluded.updated_by'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },

    async addAudit(entry: NewAuditEntry): Promise<AuditEntry> {
      const row = await db
        .insertInto('audit')
        .values({
          guild_id: entry.guildId,
          actor_id: entry.actorId,
          action: entry.action,
          target_kind: entry.targetKind,
          target_id: entry.targetId,
          before_json: toJson(entry.before),
          after_json: toJson(entry.after),
          at: entry.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ...entry, id: Number(row.id) };
    },

    /** The guild's latest audit entries, newest first; only those about one target when given. */
    async auditLog(
      guildId: string,
      limit: number,
      target?: { kind: AuditTargetKind; id: string },
    ): Promise<AuditEntry[]> {
      let query = db.selectFrom('audit').selectAll().where('guild_id', '=', guildId);
      if (target) query = query.where('target_kind', '=', target.kind).where('target_id', '=', target.id);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => ({
        id: Number(row.id),
        guildId: row.guild_id,
        actorId: row.actor_id,
        action: row.action,
        targetKind: row.target_kind as AuditTargetKind,
        targetId: row.target_id,
        before: parseJson(row.before_json),
        after: parseJson(row.after_json),
        at: row.at,
      }));
    },
  };
}
