import type { APIEmbedField } from 'discord-api-types/v10';
import type { Job } from '../domain/job.js';
import { isToolKind, TOOL_ENDPOINTS } from '../domain/tools.js';
import { truncate } from '../format/text.js';
import { checkInput, type ImageRequestKind } from '../stability/input-limits.js';
import { ENDPOINTS } from '../stability/models.js';
import { REQUEST_FIELDS } from '../stability/request-fields.js';

/** The request kind a job's source image is sent to, for jobs made from one image. */
function inputKind(job: Job): ImageRequestKind | undefined {
  if (job.kind === 'upscale') return 'upscale-fast';
  return isToolKind(job.kind) ? TOOL_ENDPOINTS[job.kind] : undefined;
}

/**
 * Whether the job's request carries one of the member's options: a tool sends only what its endpoint takes (an
 * outpaint has no negative prompt, a conservative upscale no style), and the embed must not claim more.
 */
export function sendsOption(job: Job, property: 'negativePrompt' | 'stylePreset' | 'aspectRatio'): boolean {
  if (!isToolKind(job.kind)) return true;
  return property in REQUEST_FIELDS[TOOL_ENDPOINTS[job.kind]].rules;
}

/** The source image's size as stored with its job, when known. */
function sourceSize(job: Job, source: Job | undefined): { width: number; height: number } | undefined {
  const image = source?.images.find((i) => i.index === job.sourceIndex);
  return image?.width && image.height ? { width: image.width, height: image.height } : undefined;
}

/**
 * What a tool sent besides the prompt (the margins, what it replaced or recoloured), and whether its input was
 * shrunk to the endpoint's limits first: a member who zooms out a 12 MP image learns why the result is not 24 MP.
 */
export function toolFields(job: Job, source: Job | undefined): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const tool = job.params.tool;
  const kind = inputKind(job);
  const size = sourceSize(job, source);
  const check = kind && size ? checkInput(kind, size.width, size.height) : undefined;
  if (check?.ok && check.fitted) {
    fields.push({
      name: 'Input',
      value: `shrunk from ${check.fromWidth}×${check.fromHeight} to ${check.width}×${check.height} to fit the endpoint's limits`,
    });
  }
  if (tool?.margins) {
    const m = tool.margins;
    const sides = (['left', 'right', 'up', 'down'] as const).filter((side) => m[side] > 0);
    const added = sides.map((side) => `${side} ${m[side]}`).join(', ');
    const canvas = check?.ok
      ? `${check.width}×${check.height} → ${check.width + m.left + m.right}×${check.height + m.up + m.down} `
      : '';
    fields.push({ name: 'Canvas', value: `${canvas}(added ${added} px)`, inline: true });
  }
  if (tool?.find && tool.into) {
    const region = job.kind === 'recolor';
    fields.push(
      { name: region ? 'What to recolor' : 'What to change', value: truncate(tool.find, 1024), inline: true },
      { name: region ? 'New colour' : 'Changed into', value: truncate(tool.into, 1024), inline: true },
    );
  }
  return fields;
}

/** Whether the job's image comes from polling a generation (creative upscale) rather than from its submit. */
export function rendersAsynchronously(job: Job): boolean {
  return isToolKind(job.kind) && ENDPOINTS[TOOL_ENDPOINTS[job.kind]].async;
}
