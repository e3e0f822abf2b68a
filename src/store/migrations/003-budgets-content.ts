import { sql } from 'kysely';
import { columnTypes, type Migration } from './types.js';

export const budgetsContentMigration: Migration = {
  version: 3,
  name: 'budgets, refunds, content policy and appeals',
  async up(db, dialect) {
    const t = columnTypes(dialect);
    // Why a job or image failed, machine-readable, so refunds and appeals need no text.
    await db.schema.alterTable('jobs').addColumn('error_code', 'text').execute();
    await db.schema.alterTable('job_images').addColumn('error_code', 'text').execute();
    // 1: the job failed without a charge, so it does not count in the user's usage and limits.
    await db.schema
      .alterTable('jobs')
      .addColumn('refunded', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // 1: deliver the images as Discord spoilers (age-restricted channel of a guild that asked for it).
    await db.schema
      .alterTable('jobs')
      .addColumn('spoiler', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('jobs_guild_day').on('jobs').columns(['guild_id', 'created_at']).execute();
    // One row per budget alert sent, so each level is announced once per guild and UTC day, across restarts.
    await db.schema
      .createTable('budget_alerts')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('day', t.bigint, (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('budget_alerts_pk', ['guild_id', 'day', 'level'])
      .execute();
    // list 'block' refuses everywhere; list 'nsfw' refuses outside age-restricted channels.
    await db.schema
      .createTable('blocklist')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('list', 'text', (c) => c.notNull().check(sql`list IN ('block','nsfw')`))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('word','regex')`))
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('folded', 'text', (c) => c.notNull())
      .addColumn('added_by', 'text', (c) => c.notNull())
      .addColumn('added_at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('blocklist_pk', ['guild_id', 'list', 'kind', 'folded'])
      .execute();
    // One false-positive report per job; message_id is its post in the mod-log channel.
    await db.schema
      .createTable('reports')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('open','dismissed','allowed')`))
      .addColumn('channel_id', 'text')
      .addColumn('message_id', 'text')
      .addColumn('created_at', t.bigint, (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', t.bigint)
      .execute();
    // A moderator's one-time pass: that user may run that exact prompt once past the guild's lists.
    await db.schema
      .createTable('prompt_passes')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('prompt', 'text', (c) => c.notNull())
      .addColumn('report_job_id', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('granted_at', t.bigint, (c) => c.notNull())
      .addColumn('used_job_id', 'text')
      .addColumn('used_at', t.bigint)
      .execute();
    await db.schema
      .createIndex('prompt_passes_user')
      .on('prompt_passes')
      .columns(['guild_id', 'user_id', 'used_at'])
      .execute();
  },
};
