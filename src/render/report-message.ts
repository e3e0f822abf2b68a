import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Report, ReportReason } from '../domain/content.js';
import type { Job } from '../domain/job.js';
import { messageLink } from '../format/links.js';
import { truncate } from '../format/text.js';
import { relativeTime } from '../format/time.js';
import { MODELS } from '../stability/models.js';

export function reasonOf(job: Job): ReportReason {
  return job.errorCode === 'content_moderation' || job.images.some((i) => i.errorCode === 'content_moderation')
    ? 'content_moderation'
    : 'content_filtered';
}

function whatHappened(job: Job, reason: ReportReason): string {
  if (reason === 'content_moderation') return "Stability's content moderation refused the prompt (403, not charged).";
  const filtered = job.images.filter((i) => i.state === 'filtered').length;
  return `Stability's filter blurred ${filtered} of ${job.images.length} image${job.images.length === 1 ? '' : 's'} (charged); blurred images are never posted.`;
}

/** The mod-log post of a report: the prompt, who, which job, what Stability did, and (once decided) the decision. */
export function reportEmbed(job: Job, report: Pick<Report, 'reason' | 'state' | 'decidedBy' | 'decidedAt'>): APIEmbed {
  const where = job.messageId
    ? `[\`${job.id}\`](${messageLink(job.guildId, job.channelId, job.messageId)})`
    : `\`${job.id}\``;
  const fields: APIEmbedField[] = [
    { name: 'Requested by', value: `<@${job.userId}>`, inline: true },
    { name: 'Job', value: where, inline: true },
    { name: 'Channel', value: `<#${job.channelId}>`, inline: true },
    { name: 'Model', value: job.kind === 'upscale' ? 'Fast upscale' : MODELS[job.params.model].label, inline: true },
    { name: 'What happened', value: whatHappened(job, report.reason) },
  ];
  if (job.params.negativePrompt) {
    fields.push({ name: 'Negative prompt', value: truncate(job.params.negativePrompt, 1024) });
  }
  if (report.state !== 'open' && report.decidedBy) {
    const when = report.decidedAt === undefined ? '' : ` ${relativeTime(report.decidedAt)}`;
    fields.push({
      name: 'Decision',
      value:
        report.state === 'allowed'
          ? `✅ <@${report.decidedBy}> let them retry this prompt once${when}.`
          : `✖ <@${report.decidedBy}> dismissed the report${when}.`,
    });
  }
  return {
    title: '🚩 False-positive report',
    description: truncate(job.params.prompt, 4000),
    fields,
    footer: { text: `Report on job ${job.id}` },
    color: report.state === 'open' ? 0xed4245 : report.state === 'allowed' ? 0x57f287 : 0x99aab5,
  };
}

/** What the requester reads in the job's channel once a moderator decided. */
export function decisionNotice(job: Job, state: 'allowed' | 'dismissed'): string {
  return state === 'allowed'
    ? `🚩 <@${job.userId}>, a moderator reviewed your report on job \`${job.id}\` and **allowed one retry** of its ` +
        "prompt: press 🔄 Reroll on it, or run /imagine with the same prompt. The retry skips this server's prompt " +
        "lists once; Stability's own moderation still applies."
    : `🚩 <@${job.userId}>, a moderator reviewed your report on job \`${job.id}\` and dismissed it.`;
}
