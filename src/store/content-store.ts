import type { Kysely, Selectable } from 'kysely';
import type { ListName, Report, ReportReason, ReportState, StoredTerm, TermKind } from '../domain/content.js';
import type { DB, ReportsTable } from './schema.js';

function toReport(row: Selectable<ReportsTable>): Report {
  const report: Report = {
    jobId: row.job_id,
    guildId: row.guild_id,
    userId: row.user_id,
    reason: row.reason as ReportReason,
    state: row.state as ReportState,
    createdAt: row.created_at,
  };
  if (row.channel_id !== null) report.channelId = row.channel_id;
  if (row.message_id !== null) report.messageId = row.message_id;
  if (row.decided_by !== null) report.decidedBy = row.decided_by;
  if (row.decided_at !== null) report.decidedAt = row.decided_at;
  return report;
}

const changed = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint; numInsertedOrUpdatedRows?: bigint }) =>
  Number(result.numUpdatedRows ?? result.numDeletedRows ?? result.numInsertedOrUpdatedRows ?? 0) === 1;

export type ContentStore = ReturnType<typeof createContentStore>;

/** The content policy's tables: blocklists, false-positive reports and the one-time passes moderators grant. */
export function createContentStore(db: Kysely<DB>) {
  return {
    async terms(guildId: string, list: ListName): Promise<StoredTerm[]> {
      const rows = await db
        .selectFrom('blocklist')
        .select(['list', 'kind', 'term', 'folded', 'added_by', 'added_at', 'enabled'])
        .where('guild_id', '=', guildId)
        .where('list', '=', list)
        .orderBy('added_at')
        .orderBy('term')
        .execute();
      return rows.map((row) => ({
        list: row.list as ListName,
        kind: row.kind as TermKind,
        term: row.term,
        folded: row.folded,
        addedBy: row.added_by,
        addedAt: row.added_at,
        enabled: row.enabled === 1,
      }));
    },

    /** Every stored pattern of every guild, for the start-up check of what the matcher can run. */
    async allPatterns(): Promise<
      { guildId: string; list: ListName; term: string; folded: string; enabled: boolean }[]
    > {
      const rows = await db
        .selectFrom('blocklist')
        .select(['guild_id', 'list', 'term', 'folded', 'enabled'])
        .where('kind', '=', 'regex')
        .execute();
      return rows.map((row) => ({
        guildId: row.guild_id,
        list: row.list as ListName,
        term: row.term,
        folded: row.folded,
        enabled: row.enabled === 1,
      }));
    },

    async disableTerm(guildId: string, list: ListName, kind: TermKind, folded: string): Promise<boolean> {
      const result = await db
        .updateTable('blocklist')
        .set({ enabled: 0 })
        .where('guild_id', '=', guildId)
        .where('list', '=', list)
        .where('kind', '=', kind)
        .where('folded', '=', folded)
        .where('enabled', '=', 1)
        .executeTakeFirst();
      return changed(result);
    },

    /** False when the same folded term is already on the list. */
    async addTerm(guildId: string, term: Omit<StoredTerm, 'enabled'>): Promise<boolean> {
      const result = await db
        .insertInto('blocklist')
        .values({
          guild_id: guildId,
          list: term.list,
          kind: term.kind,
          term: term.term,
          folded: term.folded,
          added_by: term.addedBy,
          added_at: term.addedAt,
        })
        .onConflict((oc) => oc.columns(['guild_id', 'list', 'kind', 'folded']).doNothing())
        .executeTakeFirst();
      return changed(result);
    },

    async removeTerm(guildId: string, list: ListName, kind: TermKind, folded: string): Promise<boolean> {
      const result = await db
        .deleteFrom('blocklist')
        .where('guild_id', '=', guildId)
        .where('list', '=', list)
        .where('kind', '=', kind)
        .where('folded', '=', folded)
        .executeTakeFirst();
      return changed(result);
    },

    async report(jobId: string): Promise<Report | undefined> {
      const row = await db.selectFrom('reports').selectAll().where('job_id', '=', jobId).executeTakeFirst();
      return row ? toReport(row) : undefined;
    },

    /** False when the job was already reported (one report per job). */
    async addReport(report: Pick<Report, 'jobId' | 'guildId' | 'userId' | 'reason' | 'createdAt'>): Promise<boolean> {
      const result = await db
        .insertInto('reports')
        .values({
          job_id: report.jobId,
          guild_id: report.guildId,
          user_id: report.userId,
          reason: report.reason,
          state: 'open',
          channel_id: null,
          message_id: null,
          created_at: report.createdAt,
          decided_by: null,
          decided_at: null,
        })
        .onConflict((oc) => oc.column('job_id').doNothing())
        .executeTakeFirst();
      return changed(result);
    },

    async deleteReport(jobId: string): Promise<void> {
      await db.deleteFrom('reports').where('job_id', '=', jobId).execute();
    },

    async setReportMessage(jobId: string, channelId: string, messageId: string): Promise<void> {
      await db
        .updateTable('reports')
        .set({ channel_id: channelId, message_id: messageId })
        .where('job_id', '=', jobId)
        .execute();
    },

    /** Moves an open report to its decision; false when someone decided it first. */
    async decideReport(jobId: string, state: Exclude<ReportState, 'open'>, by: string, at: number): Promise<boolean> {
      const result = await db
        .updateTable('reports')
        .set({ state, decided_by: by, decided_at: at })
        .where('job_id', '=', jobId)
        .where('state', '=', 'open')
        .executeTakeFirst();
      return changed(result);
    },

    async addPass(pass: {
      guildId: string;
      userId: string;
      prompt: string;
      reportJobId: string;
      grantedBy: string;
      grantedAt: number;
    }): Promise<number> {
      const row = await db
        .insertInto('prompt_passes')
        .values({
          guild_id: pass.guildId,
          user_id: pass.userId,
          prompt: pass.prompt,
          report_job_id: pass.reportJobId,
          granted_by: pass.grantedBy,
          granted_at: pass.grantedAt,
          used_job_id: null,
          used_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async openPass(guildId: string, userId: string, prompt: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('prompt_passes')
        .select('id')
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .where('prompt', '=', prompt)
        .where('used_at', 'is', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : Number(row.id);
    },

    /** Uses a pass up; false when it was already used. */
    async usePass(id: number, jobId: string, at: number): Promise<boolean> {
      const result = await db
        .updateTable('prompt_passes')
        .set({ used_job_id: jobId, used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return changed(result);
    },
  };
}
