import { columnTypes, type Migration } from './types.js';

/**
 * Durable delivery, honest charges, authorization by message, images in the store, personal settings, and what
 * several processes share (the dispatcher's lockout and recent requests). Adds only: old rows stay valid.
 */
export const reliabilityMigration: Migration = {
  version: 4,
  name: 'deliveries, estimated charges, job messages, stored images, settings, dispatcher state',
  async up(db, dialect) {
    const t = columnTypes(dialect);
    const jobs = () => db.schema.alterTable('jobs');
    await jobs().addColumn('max_concurrent', 'integer').execute();
    await jobs().addColumn('delivery_state', 'text').execute();
    await jobs()
      .addColumn('delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await jobs().addColumn('delivery_next_at', t.bigint).execute();
    await jobs().addColumn('delivery_error', 'text').execute();
    await jobs().addColumn('from_defaults', 'text').execute();
    await db.schema.alterTable('job_images').addColumn('sent_at', t.bigint).execute();
    await db.schema
      .alterTable('job_images')
      .addColumn('credits_estimated', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('job_images').addColumn('generation_id', 'text').execute();
    await db.schema.alterTable('job_images').addColumn('polled_at', t.bigint).execute();
    await db.schema
      .alterTable('blocklist')
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.createIndex('jobs_user_state').on('jobs').columns(['user_id', 'state']).execute();
    await db.schema.createIndex('jobs_delivery').on('jobs').columns(['delivery_state', 'delivery_next_at']).execute();

    await db.schema
      .createTable('job_messages')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('job_messages_pk', ['job_id', 'message_id'])
      .execute();
    await db.schema.createIndex('job_messages_message').on('job_messages').column('message_id').execute();

    await db.schema
      .createTable('image_blobs')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('bytes', t.blob, (c) => c.notNull())
      .addColumn('byte_size', t.bigint, (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('created_at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('image_blobs_pk', ['job_id', 'role', 'idx'])
      .execute();
    await db.schema.createIndex('image_blobs_age').on('image_blobs').column('created_at').execute();

    await db.schema
      .createTable('user_settings')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('user_settings_pk', ['user_id', 'key'])
      .execute();
    await db.schema
      .createTable('dispatcher_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('quota_log')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', t.bigint, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('quota_log_at').on('quota_log').column('at').execute();
    await db.schema
      .createTable('health_probe')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('at', t.bigint, (c) => c.notNull())
      .execute();
  },
};
