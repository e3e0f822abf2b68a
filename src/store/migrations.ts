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
];
