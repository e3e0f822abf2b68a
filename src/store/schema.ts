import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them, for SQLite and PostgreSQL alike. Times are epoch milliseconds (bigint in
 * PostgreSQL, parsed back to numbers), booleans are 0/1 integers, JSON is text: the same rows in both dialects.
 */
export interface JobsTable {
  seq: Generated<number>;
  id: string;
  kind: string;
  state: string;
  guild_id: string | null;
  channel_id: string;
  user_id: string;
  user_name: string;
  params: string;
  source_job_id: string | null;
  source_index: number | null;
  application_id: string;
  interaction_id: string;
  interaction_token: string | null;
  message_id: string | null;
  upload_limit: number;
  estimated_credits: number;
  charged_credits: number;
  error: string | null;
  error_code: string | null;
  refunded: number;
  spoiler: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** The member's `concurrent` limit when the job was admitted: the dispatcher sizes their slot from it. */
  max_concurrent: number | null;
  /** `pending` until the result reached Discord (`delivered`) or cannot (`failed`); null while the job runs. */
  delivery_state: string | null;
  delivery_attempts: number;
  delivery_next_at: number | null;
  delivery_error: string | null;
  /** Which options came from the member's `/settings` defaults (JSON list of option names). */
  from_defaults: string | null;
}

export interface JobImagesTable {
  job_id: string;
  idx: number;
  state: string;
  seed: number | null;
  finish_reason: string | null;
  credits: number;
  request_id: string | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  file_name: string | null;
  file_bytes: number | null;
  attachment_url: string | null;
  error: string | null;
  error_code: string | null;
  /** When the paid call left the bot (what failover counts against the quota, and proof of "sent once"). */
  sent_at: number | null;
  /** 1: `credits` is the estimate of a call that may have been charged (a 5xx, a reset, a restart). */
  credits_estimated: number;
  /** An asynchronous generation's id, stored the moment Stability returned it, so polling survives restarts. */
  generation_id: string | null;
  polled_at: number | null;
}

/** Every message the bot posted for a job (original, late channel delivery, `/show` copy, report): buttons on them act. */
export interface JobMessagesTable {
  job_id: string;
  message_id: string;
  channel_id: string;
  kind: string;
  at: number;
}

/** Result and input images, kept for iteration and delivery; undelivered results are never evicted. */
export interface ImageBlobsTable {
  job_id: string;
  role: string;
  idx: number;
  mime: string;
  bytes: Uint8Array;
  byte_size: number;
  width: number | null;
  height: number | null;
  created_at: number;
}

export interface LimitsTable {
  guild_id: string;
  scope: string;
  target_id: string;
  key: string;
  value: string;
  updated_by: string;
  updated_at: number;
}

export interface BlocksTable {
  guild_id: string;
  user_id: string;
  reason: string;
  blocked_by: string;
  at: number;
}

export interface UsageResetsTable {
  guild_id: string;
  user_id: string;
  at: number;
  reset_by: string;
}

export interface AuditTable {
  id: Generated<number>;
  guild_id: string;
  actor_id: string;
  action: string;
  target_kind: string;
  target_id: string;
  before_json: string | null;
  after_json: string | null;
  at: number;
}

export interface GuildSettingsTable {
  guild_id: string;
  key: string;
  value: string;
  updated_by: string;
  updated_at: number;
}

export interface BudgetAlertsTable {
  guild_id: string;
  day: number;
  level: number;
  at: number;
}

export interface BlocklistTable {
  guild_id: string;
  list: string;
  kind: string;
  term: string;
  folded: string;
  added_by: string;
  added_at: number;
  /** 0: a stored pattern the linear-time engine cannot run; kept (and shown) but never matched. */
  enabled: Generated<number>;
}

export interface ReportsTable {
  job_id: string;
  guild_id: string;
  user_id: string;
  reason: string;
  state: string;
  channel_id: string | null;
  message_id: string | null;
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
}

export interface PromptPassesTable {
  id: Generated<number>;
  guild_id: string;
  user_id: string;
  prompt: string;
  report_job_id: string;
  granted_by: string;
  granted_at: number;
  used_job_id: string | null;
  used_at: number | null;
}

/** Personal defaults (`/settings`), the same in every server. */
export interface UserSettingsTable {
  user_id: string;
  key: string;
  value: string;
  updated_at: number;
}

/** Shared state of the one dispatcher (a lockout in force), so a successor respects it. */
export interface DispatcherStateTable {
  key: string;
  value: string;
  updated_at: number;
}

/** Every request sent to Stability in the last minutes, so a new dispatcher knows how full the window is. */
export interface QuotaLogTable {
  id: Generated<number>;
  at: number;
}

/** One row the health check writes, proving the store takes writes. */
export interface HealthProbeTable {
  id: number;
  at: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  at: number | null;
}

export interface DB {
  jobs: JobsTable;
  job_images: JobImagesTable;
  job_messages: JobMessagesTable;
  image_blobs: ImageBlobsTable;
  limits: LimitsTable;
  blocks: BlocksTable;
  usage_resets: UsageResetsTable;
  audit: AuditTable;
  guild_settings: GuildSettingsTable;
  budget_alerts: BudgetAlertsTable;
  blocklist: BlocklistTable;
  reports: ReportsTable;
  prompt_passes: PromptPassesTable;
  user_settings: UserSettingsTable;
  dispatcher_state: DispatcherStateTable;
  quota_log: QuotaLogTable;
  health_probe: HealthProbeTable;
  schema_migrations: SchemaMigrationsTable;
}
