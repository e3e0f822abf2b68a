import { formatCredits } from '../../src/format/credits.js';
import type { JobButton } from '../../src/interactions/components.js';
import { upscaleParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import { UPSCALE_FAST_CREDITS } from '../../src/stability/models.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';
import { deliveredImage, rememberAttachments } from '../images.js';
import { notOffered, sizeOf, toolOffer } from './tools/offer.js';

/** U: fast 4× upscale of one image (inputs over 1 MP are fitted first, as the endpoint requires). */
export const upscale: JobButton<BotContext, 'upscale'> = {
  kind: 'button',
  action: 'upscale',
  target: 'job',
  indexed: true,
  createsJob: true,
  look: { label: 'U' },
  help: `fast 4× upscale of that image, ${formatCredits(UPSCALE_FAST_CREDITS)}`,
  async handle(interaction, { job, index = 0 }, ctx) {
    // An old message may carry U under an image it would not enlarge (a 16 MP upscale): that costs and gives nothing.
    const size = sizeOf(deliveredImage(job, index));
    if (size && !toolOffer(size).upscaleFast) throw new UserError(notOffered('Upscale (Fast)', 'upscale-fast', size));
    await rememberAttachments(ctx, job, interaction.message.attachments.values());
    return submitJob(interaction, ctx.submit, {
      kind: 'upscale',
      params: upscaleParams(job),
      sourceJobId: job.id,
      sourceIndex: index,
    });
  },
};
