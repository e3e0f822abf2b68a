import type { Clock } from '../clock.js';
import type { AuditEntry } from '../domain/audit.js';
import type { Report } from '../domain/content.js';
import { isModerated } from '../domain/failure.js';
import type { Job } from '../domain/job.js';
import type { PostToChannel } from '../domain/ports.js';
import type { Logger } from '../logger.js';
import type { Audit } from '../moderation/audit.js';
import type { Rows } from '../render/job-message.js';
import { decisionNotice, reasonOf, reportEmbed } from '../render/report-message.js';
import type { Store } from '../store/store.js';

export type AppealResult = { ok: true; channelId: string } | { ok: false; message: string };
export type DecisionResult = { ok: true; report: Report; entry: AuditEntry } | { ok: false; message: string };

export type Appeals = ReturnType<typeof createAppeals>;

/**
 * False-positive reports: a requester sends a job Stability refused or blurred to the guild's mod-log channel; a
 * moderator dismisses it or grants a one-time pass for that prompt. Reports and decisions are in the audit trail.
 */
export function createAppeals(deps: { store: Store; audit: Audit; clock: Clock; logger: Logger; post: PostToChannel }) {
  const { audit, clock } = deps;
  const store = deps.store.content;

  return {
    /** Posts the report to the moderators; one report per job. */
    /** Posts the report with `components` (the moderators' decision buttons, drawn by their button modules). */
    async report(job: Job, reporterId: string, components: Rows): Promise<AppealResult> {
      const guildId = job.guildId;
      if (!guildId)
        return { ok: false, message: 'Reports go to a server’s moderators, so they work only in a server.' };
      if (!isModerated(job)) {
        return { ok: false, message: 'Only a job Stability refused or blurred can be reported as a false positive.' };
      }
      const existing = await store.report(job.id);
      if (existing) {
        return {
          ok: false,
          message:
            existing.state === 'open'
              ? 'You already reported this job; the moderators have it.'
              : `This job was already reported and ${existing.state === 'allowed' ? 'a retry was allowed' : 'the report was dismissed'}.`,
        };
      }
      const channelId = await deps.store.moderation.setting(guildId, 'mod_log_channel');
      if (!channelId) {
        return {
          ok: false,
          message:
            'This server has no mod-log channel, so reports cannot reach its moderators. Ask a moderator directly ' +
            '(they can set one with `/modlog channel`).',
        };
      }
      const reason = reasonOf(job);
      // The row first: it is what makes a second click (or a second reporter) a duplicate, atomically.
      if (!(await store.addReport({ jobId: job.id, guildId, userId: job.userId, reason, createdAt: clock.now() }))) {
        return { ok: false, message: 'You already reported this job; the moderators have it.' };
      }
      const posted = await deps.post(channelId, {
        content: `🚩 <@${job.userId}> reports a false positive.`,
        embeds: [reportEmbed(job, { reason, state: 'open' as const })],
        components,
      });
      if (!posted.ok) {
        await store.deleteReport(job.id);
        return {
          ok: false,
          message: `I could not post in the moderators' channel <#${channelId}>, so the report was not sent. Try again later.`,
        };
      }
      await deps.store.transaction(async (tx) => {
        await tx.content.setReportMessage(job.id, channelId, posted.messageId);
        // The report post carries the moderators' buttons: they act on this job from that message.
        await tx.jobs.addMessage(job.id, posted.messageId, channelId, 'report', clock.now());
        await audit.record(tx, {
          guildId,
          actorId: reporterId,
          action: 'report.create',
          targetKind: 'user',
          targetId: job.userId,
          before: null,
          after: { job: job.id, reason, prompt: job.params.prompt },
        });
      });
      deps.logger.info({ jobId: job.id, guildId, userId: job.userId, reason }, 'false-positive report sent');
      return { ok: true, channelId };
    },

    /** A moderator's decision; `allow` grants the requester one pass for exactly that prompt. */
    async decide(job: Job, moderatorId: string, decision: 'allowed' | 'dismissed'): Promise<DecisionResult> {
      const report = await store.report(job.id);
      if (!report) return { ok: false, message: 'This report is no longer stored.' };
      const now = clock.now();
      const result = await deps.store.transaction(async (tx): Promise<DecisionResult> => {
        if (!(await tx.content.decideReport(job.id, decision, moderatorId, now))) {
          const decided = await tx.content.report(job.id);
          return {
            ok: false,
            message: `This report was already ${decided?.state === 'allowed' ? 'allowed' : 'dismissed'}${decided?.decidedBy ? ` by <@${decided.decidedBy}>` : ''}.`,
          };
        }
        if (decision === 'allowed') {
          await tx.content.addPass({
            guildId: report.guildId,
            userId: report.userId,
            prompt: job.params.prompt,
            reportJobId: job.id,
            grantedBy: moderatorId,
            grantedAt: now,
          });
        }
        const entry = await audit.record(tx, {
          guildId: report.guildId,
          actorId: moderatorId,
          action: decision === 'allowed' ? 'report.allow' : 'report.dismiss',
          targetKind: 'user',
          targetId: report.userId,
          before: { job: job.id, state: 'open' },
          after: { job: job.id, state: decision },
        });
        return { ok: true, report: { ...report, state: decision, decidedBy: moderatorId, decidedAt: now }, entry };
      });
      if (result.ok) deps.logger.info({ jobId: job.id, moderatorId, decision }, 'false-positive report decided');
      return result;
    },

    /** Tells the requester in the job's channel, as a reply to the job's message, pinging only them. */
    async notify(job: Job, decision: 'allowed' | 'dismissed'): Promise<boolean> {
      const result = await deps.post(job.channelId, {
        content: decisionNotice(job, decision),
        mentionUserIds: [job.userId],
        ...(job.messageId ? { replyTo: job.messageId } : {}),
      });
      return result.ok;
    },
  };
}
