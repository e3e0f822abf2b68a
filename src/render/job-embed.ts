import type { APIEmbed, APIEmbedField } from 'discord.js';
import { MODELS, UPSCALE_FAST_CREDITS, variationModelFor } from '../stability/models.js';
import type { Job } from '../domain/job.js';

const KIND_TITLES: Record<Job['kind'], string> = {
  imagine: 'Imagine',
  reroll: 'Reroll',
  'vary-subtle': 'Variation (subtle)',
  'vary-strong': 'Variation (strong)',
  upscale: 'Upscale',
  remix: 'Remix',
};

export function formatCredits(credits: number): string {
  return `${Number.isInteger(credits) ? credits : credits.toFixed(1)} credit${credits === 1 ? '' : 's'}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function messageLink(guildId: string | undefined, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}

/** The embed under every result: the prompt and every parameter a user needs to reproduce or iterate. */
export function jobEmbed(job: Job, source?: Job): APIEmbed {
  const model = MODELS[job.params.model];
  const fields: APIEmbedField[] = [];
  if (job.params.negativePrompt) {
    fields.push({ name: 'Negative prompt', value: truncate(job.params.negativePrompt, 1024) });
  }
  fields.push({ name: 'Model', value: job.kind === 'upscale' ? 'Fast upscale (4×)' : model.label, inline: true });
  if (job.params.aspectRatio) fields.push({ name: 'Aspect ratio', value: job.params.aspectRatio, inline: true });
  if (job.params.stylePreset) fields.push({ name: 'Style', value: job.params.stylePreset, inline: true });
  if (job.params.strength !== undefined)
    fields.push({ name: 'Strength', value: String(job.params.strength), inline: true });
  const seeds = job.images
    .filter((image) => image.seed !== undefined)
    .map((image) => `${job.images.length > 1 ? `#${image.index + 1} ` : ''}\`${image.seed}\``);
  if (seeds.length > 0)
    fields.push({ name: seeds.length > 1 ? 'Seeds' : 'Seed', value: seeds.join(' · '), inline: true });
  const credits = job.state === 'queued' || job.state === 'running' ? job.estimatedCredits : job.chargedCredits;
  fields.push({
    name: job.state === 'queued' || job.state === 'running' ? 'Estimated cost' : 'Credits',
    value: formatCredits(credits),
    inline: true,
  });
  fields.push({ name: 'Requested by', value: `<@${job.userId}>`, inline: true });
  if (source) {
    const where = source.messageId
      ? `[${source.id}](${messageLink(source.guildId, source.channelId, source.messageId)})`
      : source.id;
    const which = job.sourceIndex === undefined ? '' : ` image #${job.sourceIndex + 1}`;
    fields.push({ name: 'From', value: `job ${where}${which}` });
  }
  if (job.kind !== 'upscale' && (job.state === 'succeeded' || job.state === 'filtered')) {
    const vary = MODELS[variationModelFor(job.params.model)];
    fields.push({
      name: 'Next steps',
      value: `🔄 ${formatCredits(job.params.count * model.credits)} · V ${formatCredits(vary.credits)} (${vary.label}) · U ${formatCredits(UPSCALE_FAST_CREDITS)}`,
    });
  }
  return {
    title: KIND_TITLES[job.kind],
    description: truncate(job.params.prompt, 4000),
    fields,
    footer: { text: `Job ${job.id}` },
  };
}
