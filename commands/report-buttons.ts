import { type ButtonInteraction, MessageFlags } from 'discord.js';
import { reportEmbed } from '../src/content/report-message.js';
import type { BotContext, ButtonHandler } from '../src/context.js';
import type { ParsedId } from '../src/custom-id.js';
import { loadJob } from '../src/jobs/iterate.js';
import { requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';

/** 🚩 under a job Stability refused or blurred: the requester sends it to the guild's moderators. */
const report: ButtonHandler = async (interaction, id, ctx) => {
  const job = loadJob(ctx, id.jobId);
  if (interaction.user.id !== job.userId) {
    throw new UserError('Only the person who asked for this job can report it as a false positive.');
  }
  // Posting to the mod-log is a REST call: acknowledge first, so a slow Discord cannot expire the click.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await ctx.appeals.report(job, interaction.user.id);
  await interaction.editReply({
    content: result.ok
      ? "🚩 Sent to this server's moderators. You will be told in this channel when they decide."
      : result.message,
  });
};

const decide =
  (decision: 'allowed' | 'dismissed'): ButtonHandler =>
  async (interaction: ButtonInteraction, id: ParsedId, ctx: BotContext) => {
    // At run time, on every click: anyone who can see the mod-log channel can press these buttons.
    requireModerator(interaction, ctx.moderation, 'report decisions');
    const job = loadJob(ctx, id.jobId);
    const result = ctx.appeals.decide(job, interaction.user.id, decision);
    if (!result.ok) throw new UserError(result.message);
    await interaction.update({
      content: `🚩 <@${job.userId}> reported a false positive.`,
      embeds: [reportEmbed(job, result.report)],
      components: [],
      allowedMentions: { parse: [] },
    });
    if (!(await ctx.appeals.notify(job, decision))) {
      await interaction.followUp({
        content: `Decision saved (audit #${result.entry.id}), but I could not tell <@${job.userId}> in <#${job.channelId}>.`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    }
  };

export const reportButtons = {
  report,
  'report-allow': decide('allowed'),
  'report-dismiss': decide('dismissed'),
};
