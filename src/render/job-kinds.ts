import type { Job, JobKind } from '../domain/job.js';
import { MODELS } from '../stability/models.js';

const TITLES: Readonly<Record<JobKind, string>> = {
  imagine: 'Imagine',
  reroll: 'Reroll',
  'vary-subtle': 'Variation (subtle)',
  'vary-strong': 'Variation (strong)',
  upscale: 'Upscale',
  remix: 'Remix',
};

export function kindTitle(kind: JobKind): string {
  return TITLES[kind];
}

/** The model or tool that made the job's images, as the embed names it. */
export function modelLabel(job: Job): string {
  if (job.kind === 'upscale') return 'Fast upscale (4×)';
  return MODELS[job.params.model].label;
}

/** Only image-to-image calls take a strength; a text-to-image job derived from a variation must not show one. */
export function usesStrength(job: Job): boolean {
  return job.kind === 'vary-subtle' || job.kind === 'vary-strong';
}
