import { ButtonStyle } from 'discord.js';
import { formatCredits } from '../../src/format/credits.js';
import type { JobButton } from '../../src/interactions/components.js';
import { rerollParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import { MODELS } from '../../src/stability/models.js';
import type { BotContext } from '../context.js';
import { remixForm } from './remix.js';

/** 🔄 Reroll: the same options with new seeds — or, in the member's remix mode, the prompt form first. */
export const reroll: JobButton<BotContext, 'reroll'> = {
  kind: 'button',
  action: 'reroll',
  target: 'job',
  indexed: false,
  createsJob: true,
  look: { label: '🔄 Reroll', style: ButtonStyle.Primary },
  help: `the same options with new seeds, at the job's own price (Core: ${formatCredits(MODELS.core.credits)} an image)`,
  async handle(interaction, { job }, ctx) {
    if (await ctx.settings.remixMode(interaction.user.id)) {
      await interaction.showModal(remixForm(job));
      return undefined;
    }
    return submitJob(interaction, ctx.submit, { kind: 'reroll', params: rerollParams(job), sourceJobId: job.id });
  },
};
