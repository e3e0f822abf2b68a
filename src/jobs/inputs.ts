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

/** What a job's calls need besides its parameters: its source image, when it builds on one. */
export async function inputsFor(deps: InputsDeps, job: Job): Promise<JobInputs> {
  if (job.sourceJobId !== undefined && job.sourceIndex !== undefined) {
    return { image: (await sourceImage(deps, job.sourceJobId, job.sourceIndex)).bytes };
  }
  const given = await deps.store.blobs.read(job.id, 'input', 0);
  return given ? { image: given.bytes } : {};
}
