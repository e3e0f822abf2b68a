/**
 * Numbered schema migrations, applied in order at start inside one transaction each. Never edit a released one:
 * add the next number instead, because operators' databases already ran the old ones.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'jobs and their images',
    sql: `
      CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued','running','succeeded','filtered','failed','cancelled')),
        guild_id TEXT,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        params TEXT NOT NULL,
        source_job_id TEXT,
        source_index INTEGER,
        application_id TEXT NOT NULL,
        interaction_id TEXT NOT NULL,
        interaction_token TEXT,
        message_id TEXT,
        upload_limit INTEGER NOT NULL DEFAULT 10485760,
        estimated_credits REAL NOT NULL DEFAULT 0,
        charged_credits REAL NOT NULL DEFAULT 0,
        error TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE INDEX jobs_state ON jobs(state, seq);
      CREATE INDEX jobs_user ON jobs(guild_id, user_id, created_at);
      CREATE TABLE job_images (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','succeeded','filtered','failed')),
        seed INTEGER,
        finish_reason TEXT,
        credits REAL NOT NULL DEFAULT 0,
        request_id TEXT,
        width INTEGER,
        height INTEGER,
        mime TEXT,
        file_name TEXT,
        file_bytes INTEGER,
        attachment_url TEXT,
        error TEXT,
        PRIMARY KEY (job_id, idx)
      );
    `,
  },
  {
    version: 2,
    name: 'moderation: limits, blocks, usage resets, audit trail, guild settings',
    sql: `
      -- One row per override; scope 'guild' uses the guild id as its target. value is JSON (number, boolean, list).
      CREATE TABLE limits (
        guild_id TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('guild','role','user')),
        target_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, scope, target_id, key)
      );
      CREATE TABLE blocks (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        blocked_by TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      );
      -- Usage is counted from the jobs table; a reset only moves the point counting starts from (job rows stay).
      CREATE TABLE usage_resets (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        reset_by TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      );
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('guild','role','user')),
        target_id TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX audit_guild ON audit(guild_id, id);
      CREATE INDEX audit_target ON audit(guild_id, target_kind, target_id, id);
      -- Key/value so later settings (NSFW policy, blocklist) need no ALTER TABLE.
      CREATE TABLE guild_settings (
        guild_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, key)
      );
    `,
  },
];
