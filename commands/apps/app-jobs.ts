import type { JobParams } from '../../src/domain/job.js';
import { variationStrength } from '../../src/jobs/derive.js';
import { fetchGivenImages } from '../../src/jobs/given-images.js';
import { type JobInteraction, submitJob } from '../../src/jobs/submit.js';
import type { ImageRequestKind } from '../../src/stability/input-limits.js';
import { variationModelFor } from '../../src/stability/models.js';
import type { BotContext } from '../context.js';
import { checkDefaultModel } from '../settings/default-model.js';
import { promptOf, type TargetImage, type TargetMessage } from './message-images.js';

/** The apps that act on one image at once (Use as image prompt asks for a prompt first, see image-prompt.ts). */
export type DirectApp = 'vary-subtle' | 'upscale' | 'remove-background';

const REQUEST_KINDS: Readonly<Record<DirectApp, ImageRequestKind>> = {
  'vary-subtle': 'image-to-image',
  upscale: 'upscale-fast',
  'remove-background': 'remove-background',
};

const PURPOSES: Readonly<Record<DirectApp, string>> = {
  'vary-subtle': 'a variation',
  upscale: 'an upscale',
  'remove-background': 'removing its background',
};

/** Image-to-image needs a prompt; a picture posted without text gets this one, which asks for the picture itself. */
const NEUTRAL_PROMPT = 'the same picture, faithfully reproduced';

/**
 * One app job on one image of a message: the image is downloaded and checked like an attachment, kept with the job
 * as its input, and the job goes through admission, budgets and the queue like any other.
 */
export async function runDirectApp(
  interaction: JobInteraction,
  ctx: BotContext,
  app: DirectApp,
  target: TargetMessage,
  image: TargetImage,
) {
  const prompt = await promptOf(ctx, interaction.guildId, target, image);
  const params: JobParams = { prompt, model: 'core', count: 1 };
  const fromDefaults: string[] = [];
  if (app === 'vary-subtle') {
    const settings = await ctx.settings.get(interaction.user.id);
    params.model = variationModelFor(settings.model ?? 'core');
    // A default model with image-to-image is used as the V buttons use the job's model; Core falls back.
    if (settings.model === params.model) {
      await checkDefaultModel(interaction, ctx, params.model);
      fromDefaults.push('model');
    }
    params.strength = variationStrength('vary-subtle', params.model);
    if (!params.prompt) params.prompt = NEUTRAL_PROMPT;
  }
  const [given] = await fetchGivenImages(interaction, ctx, [
    { file: image, kind: REQUEST_KINDS[app], purpose: PURPOSES[app] },
  ]);
  if (!given) throw new Error('the app downloaded nothing');
  params.given = {
    width: given.width ?? 0,
    height: given.height ?? 0,
    channelId: target.channelId,
    messageId: target.id,
  };
  return submitJob(interaction, ctx.submit, { kind: app, params, inputImages: [given], fromDefaults });
}
