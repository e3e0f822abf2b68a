import type { Emulator, StoredMessage } from '@imagine-bot/discord-emulator';
import type { Kysely } from 'kysely';
import type { Job } from '../../src/domain/job.js';
import type { Dialect } from '../../src/store/migrations/types.js';
import type { DB } from '../../src/store/schema.js';
import { allJobs, isSettled, messagesByJob, visibleEndProblem } from '../invariants/jobs.js';
import type { JobProblem } from '../invariants/problems.js';
import { until } from './wait.js';

/** A job message in a terminal state, as the member reads it. */
export const isFinalMessage = (message: StoredMessage) => /^(✅|❌|🚫|✖)/.test(message.data.content);

/** Waits until every job in the store is finished and delivered (or its delivery gave up), then returns them. */
export async function settle(
  db: Kysely<DB>,
  emulator: Emulator,
  timeoutMs: number,
  dialect: Dialect = 'sqlite',
): Promise<Job[]> {
  let jobs: Job[] = [];
  await until(emulator, {
    what: 'every job finished and delivered',
    timeoutMs,
    check: async () => {
      jobs = await allJobs(db, dialect);
      return jobs.every(isSettled);
    },
  }).catch((error: unknown) => {
    const open = jobs.filter((job) => !isSettled(job)).map((job) => `${job.id}:${job.state}/${job.delivery?.state}`);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} (open: ${open.slice(0, 10).join(', ')})`,
    );
  });
  return jobs;
}

/** The visibility invariant over every job; `excuse` may accept a job that legitimately has no message. */
export async function visibilityProblems(
  db: Kysely<DB>,
  emulator: Emulator,
  jobs: readonly Job[],
  excuse: (job: Job) => boolean = () => false,
): Promise<JobProblem[]> {
  const ids = await messagesByJob(db);
  const problems: JobProblem[] = [];
  for (const job of jobs) {
    if (excuse(job)) continue;
    const problem = visibleEndProblem(job, ids.get(job.id) ?? [], emulator);
    if (problem) problems.push({ jobId: job.id, text: problem });
  }
  return problems;
}
