import type { Emulator, StoredMessage } from '@imagine-bot/discord-emulator';
import type { Kysely } from 'kysely';
import { type Job, type JobState, TERMINAL_STATES } from '../../src/domain/job.js';
import type { Dialect } from '../../src/store/migrations/types.js';
import type { DB } from '../../src/store/schema.js';
import { createStore } from '../../src/store/store.js';

const STATES: readonly JobState[] = ['queued', 'running', 'succeeded', 'filtered', 'failed', 'cancelled'];

/** How each terminal state opens its message (src/render/job-message.ts), as the member reads it. */
const MARKERS: Readonly<Record<string, string>> = {
  succeeded: '✅',
  filtered: '🚫',
  failed: '❌',
  cancelled: '✖',
};

/** Every job in the store, in every state. */
export async function allJobs(db: Kysely<DB>, dialect: Dialect = 'sqlite'): Promise<Job[]> {
  const store = createStore(db, dialect);
  const lists = await Promise.all(STATES.map((state) => store.jobs.listByState(state)));
  return lists.flat();
}

/** Every message the bot recorded for each job (its original, late channel deliveries, /show copies). */
export async function messagesByJob(db: Kysely<DB>): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('job_messages').select(['job_id', 'message_id']).execute();
  const byJob = new Map<string, string[]>();
  for (const row of rows) byJob.set(row.job_id, [...(byJob.get(row.job_id) ?? []), row.message_id]);
  return byJob;
}

export const isTerminal = (job: Job) => TERMINAL_STATES.includes(job.state);

/** Finished and no delivery left to make: nothing more will happen to it on its own. */
export const isSettled = (job: Job) =>
  isTerminal(job) && (job.state === 'cancelled' || job.delivery === undefined || job.delivery.state !== 'pending');

/** The message the member sees for the job: the newest of its messages that still exists and they can read. */
function shownTo(job: Job, ids: readonly string[], emulator: Emulator): StoredMessage[] {
  const candidates = [...new Set([...(job.messageId ? [job.messageId] : []), ...ids])];
  return candidates
    .map((id) => emulator.getMessage(id))
    .filter((m): m is StoredMessage => m !== undefined && !m.deleted)
    .filter((m) => m.visibleTo === null || m.visibleTo === job.userId);
}

/**
 * The first invariant: an accepted job ends in a terminal state, and a message its member can read says so (with
 * the images when it succeeded, and "estimated — may have been charged" when its charge is an estimate).
 */
export function visibleEndProblem(job: Job, ids: readonly string[], emulator: Emulator): string | undefined {
  if (!isTerminal(job)) return `job ${job.id} is still ${job.state}`;
  if (job.delivery?.state === 'pending') return `job ${job.id} (${job.state}) still waits for delivery`;
  const marker = MARKERS[job.state] ?? '?';
  const messages = shownTo(job, ids, emulator);
  const final = messages.find((m) => m.data.content.startsWith(marker));
  if (!final) {
    const seen = messages.map((m) => JSON.stringify(m.data.content.slice(0, 60))).join(', ') || 'no message';
    return `job ${job.id} is ${job.state} but its member sees ${seen}`;
  }
  if (job.state === 'succeeded' && final.files.length === 0) return `job ${job.id} succeeded but shows no image`;
  const estimated = job.images.some((image) => image.creditsEstimated && image.credits > 0);
  if (estimated && !JSON.stringify([final.data.content, final.data.embeds]).includes('may have been charged')) {
    return `job ${job.id} counts an estimated charge but its message does not say so`;
  }
  return undefined;
}

/**
 * A job whose acknowledgement Discord never took (its callback failed, or missed the 3 s): it was cancelled before
 * any paid call left. The member saw "This interaction failed" and nothing was charged, which is all that can be done.
 */
export const isUnacknowledged = (job: Job) =>
  job.state === 'cancelled' && job.images.every((image) => image.sentAt === undefined);
