import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Job } from '../domain/job.js';
import { formatCharge, formatCredits } from '../format/credits.js';
import { messageLink } from '../format/links.js';
import { truncate } from '../format/text.js';
import { MODELS } from '../stability/models.js';
import { imageInputFields } from './image-input-fields.js';
import { jobTitle, modelLabel, usesStrength } from './job-kinds.js';
import { sendsOption, toolFields } from './tool-fields.js';

/** Charged credits, marked when part of them is the estimate of calls that may have been charged. */
export function chargeOf(job: Job): string {
  return formatCharge(
    job.chargedCredits,
    job.images.some((image) => image.creditsEstimated),
  );
}

/**
 * The embed under every result: the prompt and what was sent to Stability (no parameter the call did not use), so
 * a member can reproduce or iterate. `nextSteps` prices the buttons the message actually carries.
 */
export function jobEmbed(job: Job, options: { source?: Job; nextSteps?: string } = {}): APIEmbed {
  const fields: APIEmbedField[] = [];
  const p = job.params;
  if (p.negativePrompt && sendsOption(job, 'negativePrompt')) {
    fields.push({ name: 'Negative prompt', value: truncate(p.negativePrompt, 1024) });
  }
  fields.push({ name: 'Model', value: modelLabel(job), inline: true });
  if (p.aspectRatio && sendsOption(job, 'aspectRatio')) {
    fields.push({ name: 'Aspect ratio', value: p.aspectRatio, inline: true });
  }
  if (p.stylePreset && sendsOption(job, 'stylePreset'))
    fields.push({ name: 'Style', value: p.stylePreset, inline: true });
  fields.push(...toolFields(job, options.source));
  if (p.strength !== undefined && usesStrength(job)) {
    fields.push({ name: 'Strength', value: String(p.strength), inline: true });
  }
  fields.push(...imageInputFields(job));
  // Fast upscale takes no seed: Stability answers 0 for it, which is no seed at all.
  const seeds = job.images
    .filter((image) => image.seed !== undefined && image.seed > 0)
    .map((image) => `${job.images.length > 1 ? `#${image.index + 1} ` : ''}\`${image.seed}\``);
  if (seeds.length > 0)
    fields.push({ name: seeds.length > 1 ? 'Seeds' : 'Seed', value: seeds.join(' · '), inline: true });
  const active = job.state === 'queued' || job.state === 'running';
  fields.push({
    name: active ? 'Estimated cost' : 'Credits',
    value: active ? formatCredits(job.estimatedCredits) : chargeOf(job),
    inline: true,
  });
  fields.push({ name: 'Requested by', value: `<@${job.userId}>`, inline: true });
  if (job.fromDefaults && job.fromDefaults.length > 0) {
    fields.push({ name: 'From your /settings', value: job.fromDefaults.join(', '), inline: true });
  }
  const source = options.source;
  if (source) {
    const where = source.messageId
      ? `[${source.id}](${messageLink(source.guildId, source.channelId, source.messageId)})`
      : source.id;
    const which = job.sourceIndex === undefined ? '' : ` image #${job.sourceIndex + 1}`;
    fields.push({ name: 'From', value: `job ${where}${which}` });
  }
  if (options.nextSteps) fields.push({ name: 'Next steps', value: options.nextSteps });
  return {
    title: jobTitle(job),
    // A blend or an app on a member's picture may have no prompt; Discord refuses an empty description.
    ...(p.prompt ? { description: truncate(p.prompt, 4000) } : {}),
    fields,
    footer: { text: `Job ${job.id}` },
  };
}

/** Price of one image of the job's own model (for the 🔄 line). */
export function modelCredits(job: Job): number {
  return MODELS[job.params.model].credits;
}
