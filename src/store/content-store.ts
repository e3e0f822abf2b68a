import type { ListTerm, TermKind } from '../content/matcher.js';
import type { Db } from './database.js';

/** `block`: refused everywhere; `nsfw`: refused outside age-restricted channels. */
export type ListName = 'block' | 'nsfw';
export type ReportState = 'open' | 'dismissed' | 'allowed';
/** What Stability did that the requester calls a false positive. */
export type ReportReason = 'content_moderation' | 'content_filtered';

export interface StoredTerm extends ListTerm {
  list: ListName;
  addedBy: string;
  addedAt: number;
}

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

interface ReportRow {
  job_id: string;
  guild_id: string;
  user_id: string;
  reason: ReportReason;
  state: ReportState;
  channel_id: string | null;
  message_id: string | null;
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
}

function toReport(row: ReportRow): Report {
  const report: Report = {
    jobId: row.job_id,
    guildId: row.guild_id,
    userId: row.user_id,
    reason: row.reason,
    state: row.state,
    createdAt: row.created_at,
  };
  if (row.channel_id !== null) report.channelId = row.channel_id;
  if (row.message_id !== null) report.messageId = row.message_id;
  if (row.decided_by !== null) report.decidedBy = row.decided_by;
  if (row.decided_at !== null) report.decidedAt = row.decided_at;
  return report;
}

export type ContentStore = ReturnType<typeof createContentStore>;

/** The content policy's tables: blocklists, false-positive reports and the one-time passes moderators grant. */
export function createContentStore(db: Db) {
  const selectTerms = db.prepare(
    'SELECT list, kind, term, folded, added_by, added_at FROM blocklist WHERE guild_id = ? AND list = ? ORDER BY added_at, term',
  );
  const selectOpenPass = db.prepare(
    'SELECT id FROM prompt_passes WHERE guild_id = ? AND user_id = ? AND prompt = ? AND used_at IS NULL ORDER BY id LIMIT 1',
  );

  return {
    terms(guildId: string, list: ListName): StoredTerm[] {
      return (
        selectTerms.all(guildId, list) as {
          list: ListName;
          kind: TermKind;
          term: string;
          folded: string;
          added_by: string;
          added_at: number;
        }[]
      ).map((row) => ({
        list: row.list,
        kind: row.kind,
        term: row.term,
        folded: row.folded,
        addedBy: row.added_by,
        addedAt: row.added_at,
      }));
    },

    /** False when the same folded term is already on the list. */
    addTerm(guildId: string, term: StoredTerm): boolean {
      const result = db
        .prepare(`
          INSERT OR IGNORE INTO blocklist (guild_id, list, kind, term, folded, added_by, added_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(guildId, term.list, term.kind, term.term, term.folded, term.addedBy, term.addedAt);
      return result.changes === 1;
    },

    removeTerm(guildId: string, list: ListName, kind: TermKind, folded: string): boolean {
      const result = db
        .prepare('DELETE FROM blocklist WHERE guild_id = ? AND list = ? AND kind = ? AND folded = ?')
        .run(guildId, list, kind, folded);
      return result.changes === 1;
    },

    report(jobId: string): Report | undefined {
      const row = db.prepare('SELECT * FROM reports WHERE job_id = ?').get(jobId) as ReportRow | undefined;
      return row ? toReport(row) : undefined;
    },

    /** False when the job was already reported (one report per job). */
    addReport(report: Pick<Report, 'jobId' | 'guildId' | 'userId' | 'reason' | 'createdAt'>): boolean {
      const result = db
        .prepare(`
          INSERT OR IGNORE INTO reports (job_id, guild_id, user_id, reason, state, created_at)
          VALUES (?, ?, ?, ?, 'open', ?)`)
        .run(report.jobId, report.guildId, report.userId, report.reason, report.createdAt);
      return result.changes === 1;
    },

    deleteReport(jobId: string): void {
      db.prepare('DELETE FROM reports WHERE job_id = ?').run(jobId);
    },

    setReportMessage(jobId: string, channelId: string, messageId: string): void {
      db.prepare('UPDATE reports SET channel_id = ?, message_id = ? WHERE job_id = ?').run(channelId, messageId, jobId);
    },

    /** Moves an open report to its decision; false when someone decided it first. */
    decideReport(jobId: string, state: Exclude<ReportState, 'open'>, by: string, at: number): boolean {
      const result = db
        .prepare("UPDATE reports SET state = ?, decided_by = ?, decided_at = ? WHERE job_id = ? AND state = 'open'")
        .run(state, by, at, jobId);
      return result.changes === 1;
    },

    addPass(pass: {
      guildId: string;
      userId: string;
      prompt: string;
      reportJobId: string;
      grantedBy: string;
      grantedAt: number;
    }): number {
      const result = db
        .prepare(`
          INSERT INTO prompt_passes (guild_id, user_id, prompt, report_job_id, granted_by, granted_at)
          VALUES (?, ?, ?, ?, ?, ?)`)
        .run(pass.guildId, pass.userId, pass.prompt, pass.reportJobId, pass.grantedBy, pass.grantedAt);
      return Number(result.lastInsertRowid);
    },

    openPass(guildId: string, userId: string, prompt: string): number | undefined {
      const row = selectOpenPass.get(guildId, userId, prompt) as { id: number } | undefined;
      return row?.id;
    },

    /** Runs several writes (a change and its audit entry) as one. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },

    /** Uses a pass up; false when it was already used. */
    usePass(id: number, jobId: string, at: number): boolean {
      const result = db
        .prepare('UPDATE prompt_passes SET used_job_id = ?, used_at = ? WHERE id = ? AND used_at IS NULL')
        .run(jobId, at, id);
      return result.changes === 1;
    },
  };
}
