import { formatCredits } from '../../../src/format/credits.js';
import type { JobButton } from '../../../src/interactions/components.js';
import { ENDPOINTS } from '../../../src/stability/models.js';
import { UserError } from '../../../src/user-error.js';
import type { BotContext } from '../../context.js';
import { deliveredImage, rememberAttachments } from '../../images.js';
import { notOffered, sizeOf, toolOffer } from './offer.js';
import { runTool } from './run-tool.js';

const LABEL = 'Remove background';

/** Remove background: the subject on transparency, as PNG (or WebP when the member chose it), never JPEG. */
export const removeBackground: JobButton<BotContext, 'remove-background'> = {
  kind: 'button',
  action: 'remove-background',
  target: 'job',
  indexed: true,
  createsJob: true,
  look: { label: LABEL },
  help: `the subject cut out onto transparency, ${formatCredits(ENDPOINTS['remove-background'].credits)}`,
  async handle(interaction, { job, index = 0 }, ctx) {
    const size = sizeOf(deliveredImage(job, index));
    if (!toolOffer(size).background) throw new UserError(notOffered(LABEL, 'remove-background', size));
    await rememberAttachments(ctx, job, interaction.message.attachments.values());
    return runTool(interaction, ctx, { job, index }, 'remove-background');
  },
};
