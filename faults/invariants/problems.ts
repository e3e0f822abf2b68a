import type { Job } from '../../src/domain/job.js';
import type { Tally } from '../probe.js';

/** A broken invariant, attributed to the job it is about when there is one. */
export interface JobProblem {
  jobId: string | undefined;
  text: string;
}

/** One check per job (handled when no problem names it), and every problem about no job as an invariant. */
export function tallyJobs(tally: Tally, jobs: readonly Job[], problems: readonly JobProblem[]): void {
  const byJob = new Map<string, string[]>();
  for (const problem of problems) {
    if (problem.jobId === undefined) tally.invariant(problem.text);
    else byJob.set(problem.jobId, [...(byJob.get(problem.jobId) ?? []), problem.text]);
  }
  for (const job of jobs) tally.check(byJob.get(job.id)?.join('; '));
  const known = new Set(jobs.map((job) => job.id));
  for (const [jobId, texts] of byJob) if (!known.has(jobId)) tally.invariant(texts.join('; '));
}
