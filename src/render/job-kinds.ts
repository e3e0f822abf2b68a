import type { Job, JobKind } from '../domain/job.js';
import { isToolKind, type PanDirection, type ToolKind } from '../domain/tools.js';
import { MODELS } from '../stability/models.js';

const TITLES: Readonly<Record<JobKind, string>> = {
  imagine: 'Imagine',
  reroll: 'Reroll',
  'vary-subtle': 'Variation (subtle)',
  'vary-strong': 'Variation (strong)',
  upscale: 'Upscale',
  remix: 'Remix',
  blend: 'Blend',
  'zoom-out': 'Zoom Out',
  'make-square': 'Make Square',
  pan: 'Pan',
  'vary-region': 'Vary (Region)',
  recolor: 'Recolor',
  'remove-background': 'Remove background',
  'upscale-subtle': 'Upscale (Subtle)',
  'upscale-creative': 'Upscale (Creative)',
};

/** The endpoint that made a tool's image, as the embed's Model field names it. */
const TOOL_LABELS: Readonly<Record<ToolKind, string>> = {
  'zoom-out': 'Outpaint',
  'make-square': 'Outpaint',
  pan: 'Outpaint',
  'vary-region': 'Search and replace',
  recolor: 'Search and recolor',
  'remove-background': 'Remove background',
  'upscale-subtle': 'Conservative upscale',
  'upscale-creative': 'Creative upscale',
};

export const PAN_ARROWS: Readonly<Record<PanDirection, string>> = { left: '⬅️', right: '➡️', up: '⬆️', down: '⬇️' };

export function kindTitle(kind: JobKind): string {
  return TITLES[kind];
}

/** The embed's title: the kind, and for Zoom Out and Pan which one ("Zoom Out 2×", "Pan ⬅️"). */
export function jobTitle(job: Job): string {
  const tool = job.params.tool;
  if (job.kind === 'zoom-out' && tool?.zoom) return `Zoom Out ${tool.zoom}×`;
  if (job.kind === 'pan' && tool?.pan) return `Pan ${PAN_ARROWS[tool.pan]}`;
  return kindTitle(job.kind);
}

/** The model or tool that made the job's images, as the embed names it. */
export function modelLabel(job: Job): string {
  if (job.kind === 'upscale') return 'Fast upscale (4×)';
  if (isToolKind(job.kind)) return TOOL_LABELS[job.kind];
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
