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
  {
    version: 3,
    name: 'budgets, refunds, content policy and appeals',
    sql: `
      -- Why a job or image failed, machine-readable (src/jobs/failure-codes.ts), so refunds and appeals need no text.
      ALTER TABLE jobs ADD COLUMN error_code TEXT;
      ALTER TABLE job_images ADD COLUMN error_code TEXT;
      -- 1: the job failed without a charge, so it does not count in the user's usage and limits.
      ALTER TABLE jobs ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0;
      -- 1: deliver the images as Discord spoilers (age-restricted channel of a guild that asked for it).
      ALTER TABLE jobs ADD COLUMN spoiler INTEGER NOT NULL DEFAULT 0;
      -- Guild budgets sum a guild's jobs of one UTC day.
      CREATE INDEX jobs_guild_day ON jobs(guild_id, created_at);
      -- One row per budget alert sent, so each level is announced once per guild and UTC day, across restarts.
      CREATE TABLE budget_alerts (
        guild_id TEXT NOT NULL,
        day INTEGER NOT NULL,
        level INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, day, level)
      );
      -- list 'block' refuses everywhere; list 'nsfw' refuses outside age-restricted channels.
      CREATE TABLE blocklist (
        guild_id TEXT NOT NULL,
        list TEXT NOT NULL CHECK (list IN ('block','nsfw')),
        kind TEXT NOT NULL CHECK (kind IN ('word','regex')),
        term TEXT NOT NULL,
        folded TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, list, kind, folded)
      );
      -- One false-positive report per job; message_id is its post in the mod-log channel.
      CREATE TABLE reports (
        job_id TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open','dismissed','allowed')),
        channel_id TEXT,
        message_id TEXT,
        created_at INTEGER NOT NULL,
        decided_by TEXT,
        decided_at INTEGER
      );
      -- A moderator's one-time pass: that user may run that exact prompt once past the guild's lists.
      CREATE TABLE prompt_passes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        prompt TEXT NOT NULL,
        report_job_id TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        granted_at INTEGER NOT NULL,
        used_job_id TEXT,
        used_at INTEGER
      );
      CREATE INDEX prompt_passes_user ON prompt_passes(guild_id, user_id, used_at);
    `,
  },
];
