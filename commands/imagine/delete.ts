import { ButtonStyle } from 'discord.js';
import { mayManage } from '../../src/discord/router.js';
import type { JobButton } from '../../src/interactions/components.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';

const NOT_YOURS = 'Only the person who asked for this image, or a moderator who can manage messages, can delete it.';

/** 🗑️ Delete: the requester or a member who can manage messages removes the message the button is on. */
export const remove: JobButton<BotContext, 'delete'> = {
  kind: 'button',
  action: 'delete',
  target: 'job',
  indexed: false,
  createsJob: false,
  look: { label: '🗑️ Delete', style: ButtonStyle.Danger },
  help: 'deletes the message (the requester, or a member who can manage messages); free',
  async handle(interaction, { job }, ctx) {
    if (!mayManage(interaction, job.userId)) throw new UserError(NOT_YOURS);
    await interaction.deferUpdate();
    // @original of a component interaction is the message the button is on: no channel permission needed.
    await interaction.deleteReply();
    ctx.logger.info({ jobId: job.id, by: interaction.user.id }, 'job message deleted');
  },
  /** The job's row is gone: only who the message itself names as requester, or a message manager, may delete it. */
  async whenMissing(interaction, jobId, ctx) {
    const requester = interaction.message.interactionMetadata?.user.id;
    if (!mayManage(interaction, requester)) throw new UserError(NOT_YOURS);
    await interaction.deferUpdate();
    await interaction.deleteReply();
    ctx.logger.info({ jobId, by: interaction.user.id }, 'message of a forgotten job deleted');
  },
};
