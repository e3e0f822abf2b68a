import { formatCredits } from '../../src/format/credits.js';
import type { JobButton, JobModal } from '../../src/interactions/components.js';
import { jobCustomId } from '../../src/interactions/components.js';
import { variationParams, variationStrength } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import { FALLBACK_VARIATION_MODEL, MODELS } from '../../src/stability/models.js';
import type { BotContext } from '../context.js';
import { deliveredImage, rememberAttachments } from '../images.js';
import { PROMPT_FIELDS, promptForm } from './remix.js';

type VaryKind = 'vary-subtle' | 'vary-strong';

/** Remix mode's V: the variation of one image, run with the prompt the member edited in the form. */
function varyRemix<K extends VaryKind>(kind: K): JobModal<BotContext, `${K}-remix`, typeof PROMPT_FIELDS> {
  return {
    kind: 'modal',
    action: `${kind}-remix`,
    target: 'job',
    indexed: true,
    fields: PROMPT_FIELDS,
    async handle(interaction, { job, index = 0, fields }, ctx) {
      deliveredImage(job, index);
      const { prompt, negative_prompt: negativePrompt } = fields;
      const { negativePrompt: _old, ...params } = variationParams(job, kind);
      return submitJob(interaction, ctx.submit, {
        kind,
        params: { ...params, prompt, ...(negativePrompt ? { negativePrompt } : {}) },
        sourceJobId: job.id,
        sourceIndex: index,
      });
    },
  };
}

export const varySubtleRemix = varyRemix('vary-subtle');
export const varyStrongRemix = varyRemix('vary-strong');

/**
 * V subtle / V strong: image-to-image of one image at a low or high strength, on the job's model or SD 3.5 Large;
 * in the member's remix mode, the prompt form opens first.
 */
function vary<K extends VaryKind>(
  kind: K,
  label: string,
  form: JobModal<BotContext, string, typeof PROMPT_FIELDS>,
): JobButton<BotContext, K> {
  return {
    kind: 'button',
    action: kind,
    target: 'job',
    indexed: true,
    createsJob: true,
    look: { label },
    help:
      `variation of that image at strength ${variationStrength(kind, 'sd3.5-large')}, on the job's model ` +
      `(Core: ${MODELS[FALLBACK_VARIATION_MODEL].label}, ${formatCredits(MODELS[FALLBACK_VARIATION_MODEL].credits)})`,
    async handle(interaction, { job, index = 0 }, ctx) {
      deliveredImage(job, index);
      await rememberAttachments(ctx, job, interaction.message.attachments.values());
      if (await ctx.settings.remixMode(interaction.user.id)) {
        const title = `Remix: vary image #${index + 1} with this prompt`;
        await interaction.showModal(promptForm(jobCustomId(form, job.id, index), title, job));
        return undefined;
      }
      return submitJob(interaction, ctx.submit, {
        kind,
        params: variationParams(job, kind),
        sourceJobId: job.id,
        sourceIndex: index,
      });
    },
  };
}

export const varySubtle = vary('vary-subtle', 'V subtle', varySubtleRemix);
export const varyStrong = vary('vary-strong', 'V strong', varyStrongRemix);
