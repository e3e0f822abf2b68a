import { formatLimitValue, isModelAllowed } from '../../src/domain/limits.js';
import { memberRoleIds } from '../../src/interactions/member.js';
import type { JobInteraction } from '../../src/jobs/submit.js';
import { describeSource } from '../../src/moderation/check-limits.js';
import { MODELS, type ModelId } from '../../src/stability/models.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';

/**
 * A default model from /settings that this server's moderators do not allow here: refused with a message that says
 * where the model came from and how to go on. The setting itself is kept — it may be allowed in another server.
 */
export async function checkDefaultModel(
  interaction: JobInteraction,
  ctx: Pick<BotContext, 'moderation'>,
  model: ModelId,
): Promise<void> {
  const guildId = interaction.guildId ?? undefined;
  const limits = await ctx.moderation.effective(guildId, {
    kind: 'user',
    userId: interaction.user.id,
    roleIds: memberRoleIds(interaction.member, interaction.guildId),
  });
  if (isModelAllowed(limits.models.value, model)) return;
  throw new UserError(
    `🚦 Your /settings default model, **${MODELS[model].label}**, is not an allowed model here ` +
      `(${describeSource(limits.models.source)}). Allowed: ${formatLimitValue('models', limits.models.value)}.\n` +
      'Your setting is kept. Pass `model:` to pick another one for this job, or change the default with ' +
      '`/settings set model:`.',
  );
}
