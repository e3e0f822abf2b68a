import type { APIEmbedField } from 'discord-api-types/v10';
import { IMAGE_MODE_INFO, inputEndpoint } from '../domain/image-modes.js';
import type { Job } from '../domain/job.js';
import { messageLink } from '../format/links.js';
import { checkInput, type ImageRequestKind } from '../stability/input-limits.js';

/** The endpoint a job's own image goes to, whose pixel limits it was fitted to. */
function requestKindOf(job: Job): ImageRequestKind | undefined {
  if (job.params.input) return inputEndpoint(job.params.input.mode) ?? 'image-to-image';
  switch (job.kind) {
    case 'upscale':
      return 'upscale-fast';
    case 'vary-subtle':
    case 'vary-strong':
      return 'image-to-image';
    case 'remove-background':
      return 'remove-background';
    default:
      return undefined;
  }
}

/** The mode's own setting, as sent (absent ones are Stability's defaults and not shown). */
function modeSetting(job: Job): string | undefined {
  const input = job.params.input;
  if (!input) return undefined;
  if (input.strength !== undefined) return `strength ${input.strength}`;
  if (input.controlStrength !== undefined) return `control strength ${input.controlStrength}`;
  if (input.fidelity !== undefined) return `fidelity ${input.fidelity}`;
  if (input.styleStrength !== undefined) return `style strength ${input.styleStrength}`;
  return undefined;
}

/**
 * What the embed says about a member's own image: how it was used, its size (and the size it was shrunk to, when
 * the endpoint's limits required it), and the message it came from. Never the image itself: it is the member's,
 * and ℹ️ Info and /show only ever post results.
 */
export function imageInputFields(job: Job): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const input = job.params.input;
  if (input) {
    const setting = modeSetting(job);
    fields.push({
      name: 'Image mode',
      value: `${IMAGE_MODE_INFO[input.mode].label}${setting ? ` · ${setting}` : ''}`,
      inline: true,
    });
  }
  const given = job.params.given;
  // A reroll or remix names its source job instead; the image is that job's.
  if (!given || job.sourceJobId !== undefined) return fields;
  let size = `${given.width}×${given.height}`;
  const kind = requestKindOf(job);
  const check = kind ? checkInput(kind, given.width, given.height) : undefined;
  if (check?.ok && check.fitted) size += `, sent as ${check.width}×${check.height} (the endpoint's limit)`;
  const where =
    given.channelId && given.messageId
      ? ` from [this message](${messageLink(job.guildId, given.channelId, given.messageId)})`
      : '';
  fields.push({ name: input?.mode === 'blend' ? 'Content image' : 'Your image', value: `${size}${where}` });
  return fields;
}
