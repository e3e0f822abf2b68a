import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import { isModerated } from '../domain/failure.js';
import type { Job } from '../domain/job.js';
import { formatCharge } from '../format/credits.js';
import { plural } from '../format/text.js';
import { futureTime, relativeTime, shortDuration } from '../format/time.js';
import { jobEmbed } from './job-embed.js';
import { modelLabel } from './job-kinds.js';
import { rendersAsynchronously } from './tool-fields.js';

export type Rows = APIActionRowComponent<APIButtonComponent>[];

/** A job's buttons and the prices of what they do, as its command lays them out. */
export interface JobView {
  components: Rows;
  nextSteps?: string;
}

export interface JobMessage {
  content: string;
  embeds: APIEmbed[];
  components: Rows;
}

export interface QueueLine {
  position: number;
  etaMs: number;
  /** Epoch ms of a lockout in force, or 0. */
  pausedUntil: number;
}

export interface MessageContext {
  now: number;
  source?: Job;
  /** While waiting: where it stands. */
  queue?: QueueLine;
  /** While running: images done so far, and a lockout in force (epoch ms, or 0) that holds the rest. */
  progress?: { done: number; total: number; pausedUntil?: number };
  view: JobView;
}

/** What follows a job's outcome line: the refund, and the way to appeal Stability's moderation. */
function afterNotes(job: Job): string[] {
  const notes: string[] = [];
  if (job.refunded) notes.push('It does not count against your limits or usage.');
  if (job.guildId && isModerated(job)) notes.push('Think this is a mistake? Press 🚩 Report false positive.');
  return notes;
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

const pauseLine = (pausedUntil: number, now: number): string =>
  `\n⏸️ Stability paused this bot for exceeding its rate limit; the queue resumes ${futureTime(pausedUntil, now)}.`;

function queuedLine(job: Job, queue: QueueLine | undefined, now: number): string {
  const who = `<@${job.userId}>`;
  if (!queue) return `⏳ ${who}, your job is queued.`;
  const line = `⏳ ${who}, your job is queued — position ${queue.position} (about ${shortDuration(queue.etaMs)})`;
  return queue.pausedUntil > now ? line + pauseLine(queue.pausedUntil, now) : line;
}

/** What a job's message says in each state (the images themselves are attached by delivery). */
export function jobMessage(job: Job, context: MessageContext): JobMessage {
  const who = `<@${job.userId}>`;
  const embed = jobEmbed(job, {
    ...(context.source ? { source: context.source } : {}),
    ...(context.view.nextSteps ? { nextSteps: context.view.nextSteps } : {}),
  });
  let content: string;
  switch (job.state) {
    case 'queued':
      content = queuedLine(job, context.queue, context.now);
      break;
    case 'running': {
      if (rendersAsynchronously(job)) {
        // Minutes, not seconds: a Discord timestamp counts them up on the reader's screen without any edit.
        const since = job.startedAt === undefined ? '' : ` (started ${relativeTime(job.startedAt)})`;
        content = `🎨 ${who}, Stability is rendering your ${modelLabel(job).toLowerCase()}${since}; this takes a few minutes.`;
        break;
      }
      const total = job.params.count;
      const done = context.progress?.done ?? 0;
      content =
        total > 1
          ? `🎨 ${who}, generating ${plural(total, 'image')}… ${done} of ${total} done.`
          : `🎨 ${who}, generating your image…`;
      // A 429 put this job's call back at the head: it is not being generated until the lockout ends.
      const paused = context.progress?.pausedUntil ?? 0;
      if (paused > context.now && done < total) content += pauseLine(paused, context.now);
      break;
    }
    case 'succeeded': {
      const delivered = job.images.filter((image) => image.state === 'succeeded').length;
      content = [
        `✅ ${who}${delivered < job.images.length ? ` — ${delivered} of ${job.images.length} images delivered` : ''}`,
        ...imageNotes(job),
        ...afterNotes(job),
      ].join('\n');
      break;
    }
    case 'filtered': {
      const charge = formatCharge(
        job.chargedCredits,
        job.images.some((i) => i.creditsEstimated),
      );
      content = [
        `🚫 ${who}, Stability's content filter blurred ${job.images.length > 1 ? 'every image' : 'the result'}, so nothing is posted. Stability still charges for filtered images (${charge}).`,
        ...afterNotes(job),
      ].join('\n');
      break;
    }
    case 'failed':
      content = [`❌ ${who}, this job failed: ${job.error ?? 'unknown error'}`, ...afterNotes(job)].join('\n');
      break;
    case 'cancelled':
      content = `✖ ${who}, ${job.error ?? 'this job was cancelled.'}`;
      break;
  }
  return { content, embeds: [embed], components: context.view.components };
}

/**
 * What the original message says once the result went out as a channel message (the interaction token had
 * expired): it no longer claims to be generating, and its buttons are gone (they live on the delivered message).
 */
export function deliveredElsewhere(job: Job, link: string | undefined): JobMessage {
  const where = link ? `[below](${link})` : 'below';
  return {
    content: `↪️ <@${job.userId}>, your job took longer than Discord keeps this message editable; the result was posted ${where}.`,
    embeds: [],
    components: [],
  };
}

/** What the original says when the result cannot be posted anywhere (channel gone, no permission). */
export function undeliverable(job: Job, reason: string): JobMessage {
  return {
    content:
      `⚠️ <@${job.userId}>, your job finished but I could not post the result here (${reason}). ` +
      `Run \`/show job:${job.id}\` in a channel where I can post to get it with its buttons.`,
    embeds: [],
    components: [],
  };
}
