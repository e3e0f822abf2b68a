import type { Job } from '../../src/domain/job.js';
import { perImageCredits } from '../../src/jobs/estimate.js';
import { seedFor } from '../../src/jobs/requests.js';
import type { RecordedRequest } from '../../test/fakes/stability-server.js';
import type { JobProblem } from './problems.js';
import { tagOf } from './tags.js';

export interface CallFigures {
  /** Paid calls that reached the fake (429s excluded: they prove nothing ran). */
  sent: number;
  /** Credits the fake charged. */
  charged: number;
  /** Credits the store recorded, of which `estimated` are estimates marked as such. */
  recorded: number;
  estimated: number;
}

const isPaidCall = (request: RecordedRequest) => request.method === 'POST' && request.path.startsWith('/v2beta/');

/**
 * The second and third invariants, per image: no paid call reached Stability twice, and what the store recorded is
 * what the fake charged for it — or, where the bot cannot know (a 5xx, a timeout, a cut connection, a call out when
 * the process died), the call's estimated price, marked as an estimate. Jobs and calls are matched by the tag in
 * their prompt and images by their seed, so every probe job carries both.
 */
export function checkCalls(
  jobs: readonly Job[],
  requests: readonly RecordedRequest[],
  chargedFor: (requestIndex: number) => number,
): { problems: JobProblem[]; figures: CallFigures } {
  const problems: JobProblem[] = [];
  const byTag = new Map<string, RecordedRequest[]>();
  const paid = requests.filter((request) => isPaidCall(request) && request.status !== 429);
  for (const request of paid) {
    const tag = tagOf(request.fields.prompt ?? '');
    if (tag !== undefined) byTag.set(tag, [...(byTag.get(tag) ?? []), request]);
  }
  const figures: CallFigures = { sent: paid.length, charged: 0, recorded: 0, estimated: 0 };
  for (const request of requests) figures.charged += chargedFor(request.index);
  const charged = (list: readonly RecordedRequest[]) => list.reduce((sum, r) => sum + chargedFor(r.index), 0);
  const claimed = new Set<string>();

  for (const job of jobs) {
    const price = perImageCredits(job.kind, job.params.model);
    for (const image of job.images) {
      figures.recorded += image.credits;
      if (image.creditsEstimated) figures.estimated += image.credits;
      if (image.creditsEstimated && image.credits !== price) {
        problems.push({
          jobId: job.id,
          text: `job ${job.id} image ${image.index}: estimate ${image.credits} is not the price ${price}`,
        });
      }
    }
    const tag = tagOf(job.params.prompt);
    // A job the probe did not tag (the setup's own jobs, a reroll of one) cannot be matched to its calls.
    if (tag === undefined) continue;
    const sent = byTag.get(tag) ?? [];
    claimed.add(tag);
    if (job.params.seed === undefined) {
      // Without a seed every image of a job sends the same request: only the count and the total can be checked.
      if (sent.length > job.params.count)
        problems.push({ jobId: job.id, text: `job ${job.id}: ${sent.length} calls for ${job.params.count}` });
      const exact = job.images.filter((image) => !image.creditsEstimated);
      if (exact.length === job.images.length && job.chargedCredits !== charged(sent)) {
        problems.push({
          jobId: job.id,
          text: `job ${job.id}: recorded ${job.chargedCredits}, the fake charged ${charged(sent)}`,
        });
      }
      continue;
    }
    for (const image of job.images) {
      const seed = seedFor(job, image.index);
      const calls = sent.filter((request) => Number(request.fields.seed) === seed);
      if (calls.length > 1)
        problems.push({ jobId: job.id, text: `job ${job.id} image ${image.index} was sent ${calls.length} times` });
      if (!image.creditsEstimated && image.credits !== charged(calls)) {
        problems.push({
          jobId: job.id,
          text: `job ${job.id} image ${image.index} (${image.state}): recorded ${image.credits}, the fake charged ${charged(calls)}`,
        });
      }
    }
  }
  for (const [tag, list] of byTag) {
    if (!claimed.has(tag))
      problems.push({ jobId: undefined, text: `${list.length} call(s) tagged ${tag} belong to no stored job` });
  }
  return { problems, figures };
}

export function describeFigures(figures: CallFigures): string {
  const exact = figures.recorded - figures.estimated;
  return `${figures.sent} calls; charged ${figures.charged}, recorded ${exact} + ${figures.estimated} estimated`;
}
