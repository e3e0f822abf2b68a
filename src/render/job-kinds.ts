import type { Job, JobKind } from '../domain/job.js';
import { MODELS } from '../stability/models.js';

const TITLES: Readonly<Record<JobKind, string>> = {
  imagine: 'Imagine',
  reroll: 'Reroll',
  'vary-subtle': 'Variation (subtle)',
  'vary-strong': 'Variation (strong)',
  upscale: 'Upscale',
  remix: 'Remix',
  blend: 'Blend',
  'remove-background': 'Remove background',
};

export function kindTitle(kind: JobKind): string {
  return TITLES[kind];
}

/** The model or tool that made the job's images, as the embed names it. */
export function modelLabel(job: Job): string {
  if (job.kind === 'upscale') return 'Fast upscale (4×)';
  if (job.kind === 'remove-background') return 'Remove background';
  const input = job.params.input;
  if (input && input.mode !== 'reference') return INPUT_ENDPOINT_LABELS[input.mode];
  if (input?.replacedModel) {
    // Said on the result, so the member knows why the price and the model differ from what they chose.
    return `${MODELS[job.params.model].label} (${MODELS[input.replacedModel].label} takes no image)`;
  }
  return MODELS[job.params.model].label;
}

const INPUT_ENDPOINT_LABELS = {
  sketch: 'Control: sketch',
  structure: 'Control: structure',
  'style-guide': 'Control: style guide',
  blend: 'Style transfer',
} as const;

/** Only image-to-image calls take a strength; a text-to-image job derived from a variation must not show one. */
export function usesStrength(job: Job): boolean {
  return job.kind === 'vary-subtle' || job.kind === 'vary-strong';
}
