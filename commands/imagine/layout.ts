import type { APIButtonComponent } from 'discord.js';
import { ComponentType } from 'discord.js';
import { isModerated } from '../../src/domain/failure.js';
import type { Job } from '../../src/domain/job.js';
import { formatCredits } from '../../src/format/credits.js';
import { jobButton } from '../../src/interactions/components.js';
import { perImageCredits } from '../../src/jobs/estimate.js';
import type { JobView, Rows } from '../../src/render/job-message.js';
import { MODELS, variationModelFor } from '../../src/stability/models.js';
import { report } from '../report/report.js';
import { cancel } from './cancel.js';
import { remove } from './delete.js';
import { info } from './info.js';
import { remix } from './remix.js';
import { reroll } from './reroll.js';
import { upscale } from './upscale.js';
import { varyStrong, varySubtle } from './vary.js';

const row = (components: APIButtonComponent[]): Rows =>
  components.length === 0 ? [] : [{ type: ComponentType.ActionRow, components }];

/**
 * Midjourney's loop under each result, within Discord's limits (≤ 5 buttons a row, ≤ 5 rows): a grid gets a row of
 * upscales, one of subtle and one of strong variations (one button per delivered image), and a row of job actions; a
 * single image gets its U and V buttons on one row, leaving rows for its tools. The "Next steps" line prices exactly
 * the buttons shown.
 */
export function jobView(job: Job): JobView {
  if (job.state === 'queued') return { components: row([jobButton(cancel, job.id, cancel.look)]) };
  if (job.state === 'running') return { components: [] };
  const delivered = job.images.filter((image) => image.state === 'succeeded').map((image) => image.index);
  const grid = job.images.length > 1;
  const canUpscale = job.kind !== 'upscale' && delivered.length > 0;
  const canVary = delivered.length > 0;
  const numbered = (prefix: string, index: number, suffix = '') =>
    `${grid ? `${prefix}${index + 1}` : prefix}${suffix}`;
  const up = (i: number) => jobButton(upscale, job.id, { label: numbered('U', i) }, i);
  const subtle = (i: number) => jobButton(varySubtle, job.id, { label: numbered('V', i, ' subtle') }, i);
  const strong = (i: number) => jobButton(varyStrong, job.id, { label: numbered('V', i, ' strong') }, i);
  const rows: Rows = [];
  if (grid) {
    if (canUpscale) rows.push(...row(delivered.map(up)));
    rows.push(...row(delivered.map(subtle)), ...row(delivered.map(strong)));
  } else if (canVary) {
    rows.push(...row([...(canUpscale ? delivered.map(up) : []), ...delivered.map(subtle), ...delivered.map(strong)]));
  }
  // A cut-out has no prompt to run again (the Remove background app's result).
  const canReroll = job.kind !== 'upscale' && job.kind !== 'remove-background';
  const actions = [
    ...(canReroll ? [jobButton(reroll, job.id, reroll.look), jobButton(remix, job.id, remix.look)] : []),
    jobButton(info, job.id, info.look),
    jobButton(remove, job.id, remove.look),
    // The appeal of Stability's moderation, routed to the guild's moderators (requester only, checked when pressed).
    ...(job.guildId && isModerated(job) ? [jobButton(report, job.id, report.look)] : []),
  ];
  rows.push(...row(actions));
  const steps: string[] = [];
  if (canReroll) {
    steps.push(`🔄 ${formatCredits(perImageCredits('reroll', job.params.model, job.params.input) * job.params.count)}`);
  }
  if (canVary) {
    const model = MODELS[variationModelFor(job.params.model)];
    steps.push(`V ${formatCredits(model.credits)} (${model.label})`);
  }
  if (canUpscale) steps.push(`U ${formatCredits(perImageCredits('upscale', job.params.model))}`);
  return { components: rows, ...(steps.length > 0 ? { nextSteps: steps.join(' · ') } : {}) };
}
