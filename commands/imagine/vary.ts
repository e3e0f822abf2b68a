import type { JobButton } from '../../src/interactions/components.js';
import { variationParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import type { BotContext } from '../context.js';
import { deliveredImage, rememberAttachments } from '../images.js';

type VaryKind = 'vary-subtle' | 'vary-strong';

/** V subtle / V strong: image-to-image of one image at a low or high strength, on the job's model or SD 3.5 Large. */
function vary<K extends VaryKind>(kind: K, label: string): JobButton<BotContext, K> {
  return {
    kind: 'button',
    action: kind,
    target: 'job',
    indexed: true,
    createsJob: true,
    look: { label },
    async handle(interaction, { job, index = 0 }, ctx) {
      deliveredImage(job, index);
      await rememberAttachments(ctx, job, interaction.message.attachments.values());
      return submitJob(interaction, ctx.submit, {
        kind,
        params: variationParams(job, kind),
        sourceJobId: job.id,
        sourceIndex: index,
      });
    },
  };
}

export const varySubtle = vary('vary-subtle', 'V subtle');
export const varyStrong = vary('vary-strong', 'V strong');
