import { formatCredits } from '../../../src/format/credits.js';
import type { JobButton } from '../../../src/interactions/components.js';
import type { ImageRequestKind } from '../../../src/stability/input-limits.js';
import { ENDPOINTS } from '../../../src/stability/models.js';
import { UserError } from '../../../src/user-error.js';
import type { BotContext } from '../../context.js';
import { deliveredImage, rememberAttachments } from '../../images.js';
import { notOffered, sizeOf, type ToolOffer, toolOffer } from './offer.js';
import { runTool } from './run-tool.js';

/**
 * Upscale (Subtle): conservative upscale to about 4 MP, faithful to the image; Upscale (Creative): creative upscale
 * to 4K, asynchronous (the dispatcher polls its result). Both take the job's prompt; inputs over the endpoint's
 * pixel limit are shrunk first by the client, and the result says so.
 */
function upscaleButton<A extends 'upscale-subtle' | 'upscale-creative'>(
  action: A,
  label: string,
  endpoint: ImageRequestKind & keyof typeof ENDPOINTS,
  what: string,
  offered: (offer: ToolOffer) => boolean,
): JobButton<BotContext, A> {
  return {
    kind: 'button',
    action,
    target: 'job',
    indexed: true,
    createsJob: true,
    look: { label },
    help: `${what}, ${formatCredits(ENDPOINTS[endpoint].credits)}`,
    async handle(interaction, { job, index = 0 }, ctx) {
      const size = sizeOf(deliveredImage(job, index));
      if (!offered(toolOffer(size))) throw new UserError(notOffered(label, endpoint, size));
      await rememberAttachments(ctx, job, interaction.message.attachments.values());
      return runTool(interaction, ctx, { job, index }, action);
    },
  };
}

export const upscaleSubtle = upscaleButton(
  'upscale-subtle',
  'Upscale (Subtle)',
  'upscale-conservative',
  'a faithful upscale to about 4 megapixels',
  (o) => o.upscaleSubtle,
);
export const upscaleCreative = upscaleButton(
  'upscale-creative',
  'Upscale (Creative)',
  'upscale-creative',
  're-imagines fine detail while upscaling to 4K (takes a minute or two)',
  (o) => o.upscaleCreative,
);
