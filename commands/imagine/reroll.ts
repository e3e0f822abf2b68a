import { ButtonStyle } from 'discord.js';
import type { JobButton } from '../../src/interactions/components.js';
import { rerollParams } from '../../src/jobs/derive.js';
import { submitJob } from '../../src/jobs/submit.js';
import type { BotContext } from '../context.js';

/** 🔄 Reroll: the same options with new seeds. */
export const reroll: JobButton<BotContext, 'reroll'> = {
  kind: 'button',
  action: 'reroll',
  target: 'job',
  indexed: false,
  createsJob: true,
  look: { label: '🔄 Reroll', style: ButtonStyle.Primary },
  handle: (interaction, { job }, ctx) =>
    submitJob(interaction, ctx.submit, { kind: 'reroll', params: rerollParams(job), sourceJobId: job.id }),
};
