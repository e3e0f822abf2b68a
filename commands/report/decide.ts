import { ButtonStyle, ComponentType } from 'discord.js';
import { type JobButton, jobButton } from '../../src/interactions/components.js';
import { requireModerator } from '../../src/moderation/moderator.js';
import type { Rows } from '../../src/render/job-message.js';
import { reportEmbed } from '../../src/render/report-message.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';

function decide<A extends 'report-allow' | 'report-dismiss'>(
  action: A,
  decision: 'allowed' | 'dismissed',
  look: JobButton<BotContext>['look'],
  help: string,
): JobButton<BotContext, A> {
  return {
    kind: 'button',
    action,
    target: 'job',
    indexed: false,
    createsJob: false,
    look,
    help,
    async handle(interaction, { job }, ctx) {
      // At run time, on every click: anyone who can see the mod-log channel can press these buttons.
      await requireModerator(interaction, ctx.moderation, 'report decisions');
      const result = await ctx.appeals.decide(job, interaction.user.id, decision);
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
          flags: 64,
          allowedMentions: { parse: [] },
        });
      }
    },
  };
}

/** ✅ Allow one retry: the requester may run exactly that prompt once more past the server's lists. */
export const reportAllow = decide(
  'report-allow',
  'allowed',
  {
    label: '✅ Allow one retry',
    style: ButtonStyle.Success,
  },
  "moderators, under a report: lets the member run that prompt once more past the server's lists",
);
/** ✖ Dismiss the report. */
export const reportDismiss = decide(
  'report-dismiss',
  'dismissed',
  { label: '✖ Dismiss' },
  'moderators, under a report: closes it without a retry',
);

/** The moderators' buttons under an open report (checked for moderator rights when pressed). */
export function decisionRows(jobId: string): Rows {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        jobButton(reportAllow, jobId, reportAllow.look),
        jobButton(reportDismiss, jobId, reportDismiss.look),
      ],
    },
  ];
}
