import type { APIButtonComponent } from 'discord.js';
import { ComponentType } from 'discord.js';
import { isModerated } from '../../src/domain/failure.js';
import type { Job } from '../../src/domain/job.js';
import { isUpscaleKind } from '../../src/domain/tools.js';
import { formatCredits } from '../../src/format/credits.js';
import { jobButton } from '../../src/interactions/components.js';
import { perImageCredits } from '../../src/jobs/estimate.js';
import type { Rows } from '../../src/render/job-message.js';
import { MODELS, variationModelFor } from '../../src/stability/models.js';
import { report } from '../report/report.js';
import { remove } from './delete.js';
import { info } from './info.js';
import { remix } from './remix.js';
import { reroll } from './reroll.js';

export const row = (components: APIButtonComponent[]): Rows =>
  components.length === 0 ? [] : [{ type: ComponentType.ActionRow, components }];

/**
 * An upscale or a cut-out is the end of its prompt's line: rerolling it would make a new small image, not an upscale
 * or a cut-out (and a cut-out of a member's own picture has no prompt at all).
 */
export const canReroll = (job: Job): boolean => !isUpscaleKind(job.kind) && job.kind !== 'remove-background';

/** The last row under every finished job: 🔄 ✏️ ℹ️ 🗑️, and 🚩 where Stability's moderation can be appealed. */
export function actionRow(job: Job): Rows {
  return row([
    ...(canReroll(job) ? [jobButton(reroll, job.id, reroll.look), jobButton(remix, job.id, remix.look)] : []),
    jobButton(info, job.id, info.look),
    jobButton(remove, job.id, remove.look),
    // The appeal of Stability's moderation, routed to the guild's moderators (requester only, checked when pressed).
    ...(job.guildId && isModerated(job) ? [jobButton(report, job.id, report.look)] : []),
  ]);
}

export const rerollStep = (job: Job): string =>
  `🔄 ${formatCredits(perImageCredits('reroll', job.params.model, job.params.input) * job.params.count)}`;

export function varyStep(job: Job): string {
  const model = MODELS[variationModelFor(job.params.model)];
  return `V ${formatCredits(model.credits)} (${model.label})`;
}

/** "Region/Recolor 5 credits": tools of one price share it, in the order the buttons are drawn. */
export function pricedGroups(tools: readonly { label: string; credits: number }[]): string[] {
  const groups = new Map<number, string[]>();
  for (const tool of tools) groups.set(tool.credits, [...(groups.get(tool.credits) ?? []), tool.label]);
  return [...groups].map(([credits, labels]) => `${labels.join('/')} ${formatCredits(credits)}`);
}
