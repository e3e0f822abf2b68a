import { ButtonStyle } from 'discord.js';
import type { JobButton } from '../../src/interactions/components.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';

/** ✖ Cancel: the requester takes a job out of the queue until its first call leaves. */
export const cancel: JobButton<BotContext, 'cancel'> = {
  kind: 'button',
  action: 'cancel',
  target: 'job',
  indexed: false,
  createsJob: false,
  look: { label: '✖ Cancel', style: ButtonStyle.Danger },
  help: 'while a job waits: takes it out of the queue (requester only); free, nothing is charged',
  async handle(interaction, { job }, ctx) {
    if (interaction.user.id !== job.userId)
      throw new UserError('Only the person who asked for this job can cancel it.');
    const cancelled = await ctx.queue.cancel(job.id, 'you cancelled this job.');
    if (!cancelled) {
      throw new UserError(
        job.state === 'queued'
          ? 'This job is starting and can no longer be cancelled.'
          : 'This job has already started or ended.',
      );
    }
    const message = await ctx.render(cancelled);
    // Through the job's edit chain, so a progress edit already on its way cannot land after (and hide) this one.
    await ctx.delivery.serialize(job.id, async () => {
      await interaction.update({ ...message, allowedMentions: { parse: [] } });
    });
  },
};
