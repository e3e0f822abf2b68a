import type { Job } from '../../src/domain/job.js';
import { formatCredits } from '../../src/format/credits.js';
import { jobButton } from '../../src/interactions/components.js';
import { perImageCredits } from '../../src/jobs/estimate.js';
import type { JobView, Rows } from '../../src/render/job-message.js';
import { cancel } from './cancel.js';
import { imageView } from './image-layout.js';
import { actionRow, canReroll, rerollStep, row, varyStep } from './layout-parts.js';
import { sizeOf, toolOffer } from './tools/offer.js';
import { open } from './tools/open.js';
import { upscale } from './upscale.js';
import { varyStrong, varySubtle } from './vary.js';

/**
 * Midjourney's loop under each result, within Discord's limits (≤ 5 buttons a row, ≤ 5 rows). A grid gets a row of
 * upscales, one of subtle and one of strong variations, one of Open (that image alone, with every tool, free) — one
 * button per delivered image — and a row of job actions. A single image gets its tools (image-layout.ts). The
 * "Next steps" line prices exactly the buttons shown.
 */
export function jobView(job: Job): JobView {
  if (job.state === 'queued') return { components: row([jobButton(cancel, job.id, cancel.look)]) };
  if (job.state === 'running') return { components: [] };
  if (job.images.length <= 1) return imageView(job, job.images[0]?.index ?? 0);
  const delivered = job.images.filter((image) => image.state === 'succeeded').map((image) => image.index);
  // An image of unknown size (an old row) keeps its U button, as before sizes decided what is offered.
  const canUpscale = (i: number) => {
    const size = sizeOf(job.images.find((image) => image.index === i));
    return size ? toolOffer(size).upscaleFast : job.kind !== 'upscale';
  };
  const upscalable = delivered.filter(canUpscale);
  const rows: Rows = [
    ...row(upscalable.map((i) => jobButton(upscale, job.id, { label: `U${i + 1}` }, i))),
    ...row(delivered.map((i) => jobButton(varySubtle, job.id, { label: `V${i + 1} subtle` }, i))),
    ...row(delivered.map((i) => jobButton(varyStrong, job.id, { label: `V${i + 1} strong` }, i))),
    ...row(delivered.map((i) => jobButton(open, job.id, { label: `Open ${i + 1}` }, i))),
    ...actionRow(job),
  ];
  const steps: string[] = [];
  if (canReroll(job)) steps.push(rerollStep(job));
  if (delivered.length > 0) steps.push(varyStep(job), 'Open free');
  if (upscalable.length > 0) steps.push(`U ${formatCredits(perImageCredits('upscale', job.params.model))}`);
  return { components: rows, ...(steps.length > 0 ? { nextSteps: steps.join(' · ') } : {}) };
}
