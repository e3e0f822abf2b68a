import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FetchImage } from '../attachments/download.js';
import type { Clock } from '../clock.js';
import type { Job } from '../domain/job.js';
import type { JobInputs } from '../pipeline/dispatcher.js';
import type { StoredImage } from '../store/blob-store.js';
import type { Store } from '../store/store.js';

export interface InputsDeps {
  store: Store;
  clock: Clock;
  fetchImage: FetchImage;
  /** Where images lived before they moved into the store (`images/` beside the SQLite file), if anywhere. */
  legacyDir?: string;
}

const LEGACY_NAME = /^[a-z0-9]{10}-\d\.(png|jpeg|jpg|webp)$/;

/**
 * Finds one image a job builds on: kept in the store, kept on disk by an older version, or fetched again from the
 * Discord message it was posted in (and kept again, so the next button need not fetch it).
 */
export async function sourceImage(deps: InputsDeps, jobId: string, index: number): Promise<StoredImage> {
  const kept = await deps.store.blobs.read(jobId, 'result', index);
  if (kept) return kept;
  const source = await deps.store.jobs.get(jobId);
  const image = source?.images.find((i) => i.index === index);
  if (!source || !image) throw new Error(`source job ${jobId} is gone`);
  if (deps.legacyDir && image.fileName && LEGACY_NAME.test(image.fileName)) {
    const bytes = await readFile(join(deps.legacyDir, image.fileName)).catch(() => undefined);
    if (bytes) return { bytes: new Uint8Array(bytes), mime: image.mime ?? 'image/png' };
  }
  if (!image.attachmentUrl) throw new Error(`source image ${jobId}#${index} is neither kept nor posted`);
  const fetched = await deps.fetchImage(image.attachmentUrl);
  const stored: StoredImage = {
    bytes: fetched.bytes,
    mime: fetched.mime,
    width: fetched.width,
    height: fetched.height,
  };
  await deps.store.blobs.save(jobId, 'result', index, stored, deps.clock.now());
  return stored;
}

/** Rerolls of rerolls of an image job: far more than anyone clicks, few enough to stop a corrupted loop. */
const MAX_INPUT_HOPS = 50;

/**
 * What a job's calls need besides its parameters: its source image, when it builds on one; else the member's own
 * images kept with it (index 0 the image, 1 a blend's style image) — or, for a reroll or remix of an image job,
 * those of the job it was made from.
 */
export async function inputsFor(deps: InputsDeps, job: Job): Promise<JobInputs> {
  if (job.sourceJobId !== undefined && job.sourceIndex !== undefined) {
    return { image: (await sourceImage(deps, job.sourceJobId, job.sourceIndex)).bytes };
  }
  let holder: Job | undefined = job;
  for (let hop = 0; holder && hop < MAX_INPUT_HOPS; hop++) {
    const given = await deps.store.blobs.read(holder.id, 'input', 0);
    if (given) {
      const style = await deps.store.blobs.read(holder.id, 'input', 1);
      return { image: given.bytes, ...(style ? { styleImage: style.bytes } : {}) };
    }
    if (!job.params.input || holder.sourceJobId === undefined || holder.sourceIndex !== undefined) break;
    holder = await deps.store.jobs.get(holder.sourceJobId);
  }
  if (job.params.input) throw new Error(`the image job ${job.id} was made from is no longer kept`);
  return {};
}
