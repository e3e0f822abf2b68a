import { sql } from 'kysely';
import { columnTypes, type Migration } from './types.js';

/** Jobs and their images. Released as raw SQLite SQL; this is the same schema in both dialects. */
export const jobsMigration: Migration = {
  version: 1,
  name: 'jobs and their images',
  async up(db, dialect) {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('jobs')
      .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) =>
        c.notNull().check(sql`state IN ('queued','running','succeeded','filtered','failed','cancelled')`),
      )
      .addColumn('guild_id', 'text')
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('source_job_id', 'text')
      .addColumn('source_index', 'integer')
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('interaction_id', 'text', (c) => c.notNull())
      .addColumn('interaction_token', 'text')
      .addColumn('message_id', 'text')
      .addColumn('upload_limit', t.bigint, (c) => c.notNull().defaultTo(10_485_760))
      .addColumn('estimated_credits', t.double, (c) => c.notNull().defaultTo(0))
      .addColumn('charged_credits', t.double, (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('created_at', t.bigint, (c) => c.notNull())
      .addColumn('started_at', t.bigint)
      .addColumn('finished_at', t.bigint)
      .execute();
    await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'seq']).execute();
    await db.schema.createIndex('jobs_user').on('jobs').columns(['guild_id', 'user_id', 'created_at']).execute();
    await db.schema
      .createTable('job_images')
      .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('pending','succeeded','filtered','failed')`))
      .addColumn('seed', t.bigint)
      .addColumn('finish_reason', 'text')
      .addColumn('credits', t.double, (c) => c.notNull().defaultTo(0))
      .addColumn('request_id', 'text')
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('mime', 'text')
      .addColumn('file_name', 'text')
      .addColumn('file_bytes', t.bigint)
      .addColumn('attachment_url', 'text')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('job_images_pk', ['job_id', 'idx'])
      .execute();
  },
};
