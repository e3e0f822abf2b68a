import type { Job, JobParams } from '../domain/job.js';
import type { ToolParams } from '../domain/tools.js';
import { MODELS, type ModelId, variationModelFor } from '../stability/models.js';

/** Image-to-image strength (0 keeps the input, 1 ignores it) for each variation kind. */
export function variationStrength(kind: 'vary-subtle' | 'vary-strong', model: ModelId): number {
  // Stability documents that SD 3.5 Flash only varies well between 0.94 and 0.97.
  if (MODELS[model].sd3Model === 'sd3.5-flash') return kind === 'vary-subtle' ? 0.94 : 0.97;
  return kind === 'vary-subtle' ? 0.35 : 0.7;
}

/**
 * What a derived job keeps of its source: everything the member chose (aspect ratio, style, output format) and the
 * model the source actually ran on, so a remix of a 16:9 SD 3.5 variation stays 16:9 on SD 3.5. Strength belongs
 * to one variation call only and never carries over; neither do a tool's own fields (margins, what it replaced).
 */
function kept(job: Job): Omit<JobParams, 'count' | 'strength' | 'seed' | 'input' | 'given' | 'tool'> {
  // A variation or upscale works on a result image, never on the member's own image the source started from.
  const {
    count: _count,
    strength: _strength,
    seed: _seed,
    input: _input,
    given: _given,
    tool: _tool,
    ...rest
  } = job.params;
  return rest;
}

export function rerollParams(job: Job): JobParams {
  const { seed: _seed, strength: _strength, tool: _tool, ...rest } = job.params;
  return rest;
}

export function remixParams(job: Job, prompt: string, negativePrompt: string | undefined): JobParams {
  const { negativePrompt: _old, ...rest } = rerollParams(job);
  return { ...rest, prompt, ...(negativePrompt ? { negativePrompt } : {}) };
}

export function variationParams(job: Job, kind: 'vary-subtle' | 'vary-strong'): JobParams {
  const model = variationModelFor(job.params.model);
  return { ...kept(job), model, count: 1, strength: variationStrength(kind, model) };
}

export function upscaleParams(job: Job): JobParams {
  return { ...kept(job), count: 1 };
}

/** An editing tool's job: one image from one source, with what the member chose and the tool's own fields. */
export function toolParams(job: Job, tool: ToolParams = {}): JobParams {
  return { ...kept(job), count: 1, ...(Object.keys(tool).length > 0 ? { tool } : {}) };
}
