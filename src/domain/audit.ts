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
  /** Daily credit cap of the whole guild. */
  | 'budget_daily'
  /** Daily credit cap of each member. */
  | 'budget_member_daily'
  /** 'on': results in age-restricted channels are posted as spoilers. */
  | 'nsfw_spoiler';
