export type TermKind = 'word' | 'regex';

/** `block`: refused everywhere; `nsfw`: refused outside age-restricted channels. */
export type ListName = 'block' | 'nsfw';

/** A blocklist entry as stored: what the moderator typed and its folded form. */
export interface ListTerm {
  kind: TermKind;
  term: string;
  folded: string;
}

export interface StoredTerm extends ListTerm {
  list: ListName;
  addedBy: string;
  addedAt: number;
  /** False for a stored pattern the linear-time engine cannot run: kept and listed, never matched. */
  enabled: boolean;
}

export type ReportState = 'open' | 'dismissed' | 'allowed';
/** What Stability did that the requester calls a false positive. */
export type ReportReason = 'content_moderation' | 'content_filtered';

export interface Report {
  jobId: string;
  guildId: string;
  userId: string;
  reason: ReportReason;
  state: ReportState;
  channelId?: string;
  messageId?: string;
  createdAt: number;
  decidedBy?: string;
  decidedAt?: number;
}
