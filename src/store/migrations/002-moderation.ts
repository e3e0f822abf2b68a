import { sql } from 'kysely';
import { columnTypes, type Migration } from './types.js';

export const moderationMigration: Migration = {
  version: 2,
  name: 'moderation: limits, blocks, usage resets, audit trail, guild settings',
  async up(db, dialect) {
    const t = columnTypes(dialect);
    // One row per override; scope 'guild' uses the guild id as its target. value is JSON (number, boolean, list).
    await db.schema
      .createTable('limits')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope IN ('guild','role','user')`))
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('limits_pk', ['guild_id', 'scope', 'target_id', 'key'])
      .execute();
    await db.schema
      .createTable('blocks')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('blocked_by', 'text', (c) => c.notNull())
      .addColumn('at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('blocks_pk', ['guild_id', 'user_id'])
      .execute();
    // Usage is counted from the jobs table; a reset only moves the point counting starts from (job rows stay).
    await db.schema
      .createTable('usage_resets')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('at', t.bigint, (c) => c.notNull())
      .addColumn('reset_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('usage_resets_pk', ['guild_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('audit')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind IN ('guild','role','user')`))
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .addColumn('at', t.bigint, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_guild').on('audit').columns(['guild_id', 'id']).execute();
    await db.schema
      .createIndex('audit_target')
      .on('audit')
      .columns(['guild_id', 'target_kind', 'target_id', 'id'])
      .execute();
    // Key/value so later settings need no ALTER TABLE.
    await db.schema
      .createTable('guild_settings')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('guild_settings_pk', ['guild_id', 'key'])
      .execute();
  },
};
