import { type APIEmbed, MessageFlags } from 'discord.js';
import type { Job } from '../../src/domain/job.js';
import { formatCharge, formatCredits } from '../../src/format/credits.js';
import { dateTime } from '../../src/format/time.js';
import type { JobButton } from '../../src/interactions/components.js';
import { jobEmbed } from '../../src/render/job-embed.js';
import type { BotContext } from '../context.js';

function infoEmbed(job: Job, source: Job | undefined): APIEmbed {
  const embed = jobEmbed(job, source ? { source } : {});
  const estimated = job.images.some((image) => image.creditsEstimated);
  const lines = [
    `**Job** \`${job.id}\` · ${job.kind} · ${job.state}`,
    `**Created** ${dateTime(job.createdAt)}`,
    `**Credits** estimated ${formatCredits(job.estimatedCredits)}, charged ${formatCharge(job.chargedCredits, estimated)}`,
    ...job.images.map(
      (image) =>
        `#${image.index + 1}: ${image.state}${image.seed ? ` · seed \`${image.seed}\`` : ''}` +
        `${image.width ? ` · ${image.width}×${image.height}` : ''}${image.error ? ` · ${image.error}` : ''}`,
    ),
  ];
  return {
    ...embed,
    title: 'Job details',
    description: `${embed.description ?? ''}\n\n${lines.join('\n')}`.slice(0, 4096),
  };
}

/** ℹ️ Info: every parameter, each image's seed and size, credits estimated and charged — only the clicker sees it. */
export const info: JobButton<BotContext, 'info'> = {
  kind: 'button',
  action: 'info',
  target: 'job',
  indexed: false,
  createsJob: false,
  look: { label: 'ℹ️ Info' },
  help: 'only you see it: every parameter, seeds, sizes, credits estimated and charged, the job id; free',
  async handle(interaction, { job }, ctx) {
    const source = job.sourceJobId ? await ctx.store.jobs.get(job.sourceJobId) : undefined;
    await interaction.reply({
      embeds: [infoEmbed(job, source)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};
