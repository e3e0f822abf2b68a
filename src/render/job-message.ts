import type { RawFile } from '@discordjs/rest';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import { isModerated } from '../jobs/failure-codes.js';
import type { Job, JobImage } from '../domain/job.js';
import { jobButtons } from './job-buttons.js';
import { formatCredits, jobEmbed } from './job-embed.js';

export interface OutgoingMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  files: RawFile[];
}

export interface QueueStatus {
  position: number;
  etaMs?: number;
  /** Epoch ms until which a Stability lockout pauses the queue. */
  pausedUntil?: number;
}

/** Discord shows an attachment whose name starts with `SPOILER_` blurred until clicked. */
export const SPOILER_PREFIX = 'SPOILER_';

export function attachmentName(job: Job, image: JobImage, extension: string): string {
  return `${job.spoiler ? SPOILER_PREFIX : ''}imagine-${job.id}-${image.index + 1}.${extension}`;
}

/** What follows a job's outcome line: the refund, and the way to appeal Stability's moderation. */
function afterNotes(job: Job): string[] {
  const notes: string[] = [];
  if (job.refunded) notes.push('It does not count against your limits or usage.');
  if (job.guildId && isModerated(job)) notes.push('Think this is a mistake? Press 🚩 Report false positive.');
  return notes;
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function imageNotes(job: Job): string[] {
  if (job.images.length < 2) return [];
  return job.images
    .filter((image) => image.state === 'filtered' || image.state === 'failed')
    .map((image) =>
      image.state === 'filtered'
        ? `Image ${image.index + 1} was blurred by Stability's content filter and is not shown.`
        : `Image ${image.index + 1} failed: ${image.error ?? 'unknown error'}`,
    );
}

/** What a job's message says in each state; files are the delivered images, already sized for the upload limit. */
export function jobMessage(job: Job, files: RawFile[] = [], source?: Job, status?: QueueStatus): OutgoingMessage {
  const who = `<@${job.userId}>`;
  const embed = jobEmbed(job, source);
  let content: string;
  switch (job.state) {
    case 'queued': {
      const parts = [`⏳ ${who}, your job is queued`];
      if (status) {
        parts.push(`— position ${status.position}`);
        if (status.etaMs !== undefined) parts.push(`(about ${seconds(status.etaMs)})`);
      }
      content = parts.join(' ');
      if (status?.pausedUntil) {
        content += `\n⏸️ Stability paused this bot for exceeding its rate limit; the queue resumes <t:${Math.ceil(status.pausedUntil / 1000)}:R>.`;
      }
      break;
    }
    case 'running':
      content = `🎨 ${who}, generating ${job.params.count > 1 ? `${job.params.count} images` : 'your image'}…`;
      break;
    case 'succeeded': {
      const delivered = job.images.filter((image) => image.state === 'succeeded').length;
      content = [
        `✅ ${who}${delivered < job.images.length ? ` — ${delivered} of ${job.images.length} images delivered` : ''}`,
        ...imageNotes(job),
        ...afterNotes(job),
      ].join('\n');
      break;
    }
    case 'filtered':
      content = [
        `🚫 ${who}, Stability's content filter blurred ${job.images.length > 1 ? 'every image' : 'the result'}, so nothing is posted. Stability still charges for filtered images (${formatCredits(job.chargedCredits)}).`,
        ...afterNotes(job),
      ].join('\n');
      break;
    case 'failed':
      content = [`❌ ${who}, this job failed: ${job.error ?? 'unknown error'}`, ...afterNotes(job)].join('\n');
      break;
    case 'cancelled':
      content = `✖ ${who}, this job was cancelled${job.error ? `: ${job.error}` : '.'}`;
      break;
  }
  return { content, embeds: [embed], components: jobButtons(job), files };
}
