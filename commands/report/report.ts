import { MessageFlags } from 'discord.js';
import type { JobButton } from '../../src/interactions/components.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';
import { decisionRows } from './decide.js';

/** 🚩 under a job Stability refused or blurred: the requester sends it to the guild's moderators. */
export const report: JobButton<BotContext, 'report'> = {
  kind: 'button',
  action: 'report',
  target: 'job',
  indexed: false,
  createsJob: false,
  look: { label: '🚩 Report false positive' },
  help: "only under a job Stability refused or blurred: sends it to the server's moderators (requester only); free",
  async handle(interaction, { job }, ctx) {
    if (interaction.user.id !== job.userId) {
      throw new UserError('Only the person who asked for this job can report it as a false positive.');
    }
    // Posting to the mod-log is a REST call: acknowledge first, so a slow Discord cannot expire the click.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await ctx.appeals.report(job, interaction.user.id, decisionRows(job.id));
    await interaction.editReply({
      content: result.ok
        ? "🚩 Sent to this server's moderators. You will be told in this channel when they decide."
        : result.message,
    });
  },
};
