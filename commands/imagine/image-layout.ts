import type { APIButtonComponent } from 'discord.js';
import type { Job } from '../../src/domain/job.js';
import { TOOL_ENDPOINTS, type ToolKind } from '../../src/domain/tools.js';
import { type ButtonLook, jobButton } from '../../src/interactions/components.js';
import type { IdShape } from '../../src/interactions/custom-id.js';
import type { JobView, Rows } from '../../src/render/job-message.js';
import { ENDPOINTS, UPSCALE_FAST_CREDITS } from '../../src/stability/models.js';
import { actionRow, canReroll, pricedGroups, rerollStep, row, varyStep } from './layout-parts.js';
import { removeBackground } from './tools/background.js';
import { PAN_DIRECTIONS, sizeOf, toolOffer } from './tools/offer.js';
import { makeSquare, panDown, panLeft, panRight, panUp, zoomOut2, zoomOut15 } from './tools/outpaint.js';
import { recolor, varyRegion } from './tools/search-edit.js';
import { upscaleCreative, upscaleSubtle } from './tools/upscales.js';
import { upscale } from './upscale.js';
import { varyStrong, varySubtle } from './vary.js';

const PAN_BUTTONS = { left: panLeft, right: panRight, up: panUp, down: panDown } as const;

const price = (kind: ToolKind) => ENDPOINTS[TOOL_ENDPOINTS[kind]].credits;

/**
 * Midjourney's second row, for one image (a job of one image, or one image opened from a grid): every tool its
 * size allows, in at most 5 rows of at most 5 buttons —
 *   Vary (Subtle) · Vary (Strong) · Vary (Region) · Recolor · Remove background
 *   Zoom Out 2× · Zoom Out 1.5× · Make Square
 *   ⬅️ ➡️ ⬆️ ⬇️
 *   Upscale (Fast) · Upscale (Subtle) · Upscale (Creative)
 *   🔄 ✏️ ℹ️ 🗑️
 * Each button carries the image's index, so an opened grid image acts on that image of its job. A tool the image
 * cannot use is not drawn; the "Next steps" line prices exactly the buttons drawn.
 */
export function imageView(job: Job, index: number): JobView {
  const image = job.images.find((i) => i.index === index && i.state === 'succeeded');
  if (!image) return { components: actionRow(job), ...(canReroll(job) ? { nextSteps: rerollStep(job) } : {}) };
  const size = sizeOf(image);
  const offer = toolOffer(size);
  // An image of unknown size (an old row) keeps the buttons it always had: the variations and U.
  const vary = size === undefined || offer.vary;
  const fast = size === undefined ? job.kind !== 'upscale' : offer.upscaleFast;
  const button = (shape: IdShape, look: ButtonLook, shown: boolean): APIButtonComponent[] =>
    shown ? [jobButton(shape, job.id, look, index)] : [];
  const rows: Rows = [
    ...row([
      ...button(varySubtle, { label: 'Vary (Subtle)' }, vary),
      ...button(varyStrong, { label: 'Vary (Strong)' }, vary),
      ...button(varyRegion, varyRegion.look, offer.region),
      ...button(recolor, recolor.look, offer.recolor),
      ...button(removeBackground, removeBackground.look, offer.background),
    ]),
    ...row([
      ...button(zoomOut2, zoomOut2.look, offer.zoom2 !== undefined),
      ...button(zoomOut15, zoomOut15.look, offer.zoom15 !== undefined),
      ...button(makeSquare, makeSquare.look, offer.square !== undefined),
    ]),
    ...row(PAN_DIRECTIONS.flatMap((d) => button(PAN_BUTTONS[d], PAN_BUTTONS[d].look, offer.pan[d] !== undefined))),
    ...row([
      ...button(upscale, { label: 'Upscale (Fast)' }, fast),
      ...button(upscaleSubtle, upscaleSubtle.look, offer.upscaleSubtle),
      ...button(upscaleCreative, upscaleCreative.look, offer.upscaleCreative),
    ]),
    ...actionRow(job),
  ];
  const outpaints = offer.zoom2 || offer.zoom15 || offer.square || Object.keys(offer.pan).length > 0;
  const tools = [
    ...(offer.region ? [{ label: 'Region', credits: price('vary-region') }] : []),
    ...(offer.recolor ? [{ label: 'Recolor', credits: price('recolor') }] : []),
    ...(offer.background ? [{ label: 'Background', credits: price('remove-background') }] : []),
    ...(outpaints ? [{ label: 'Zoom/Square/Pan', credits: price('zoom-out') }] : []),
    ...(fast ? [{ label: 'Upscale fast', credits: UPSCALE_FAST_CREDITS }] : []),
    ...(offer.upscaleSubtle ? [{ label: 'Upscale subtle', credits: price('upscale-subtle') }] : []),
    ...(offer.upscaleCreative ? [{ label: 'Upscale creative', credits: price('upscale-creative') }] : []),
  ];
  const steps = [
    ...(canReroll(job) ? [rerollStep(job)] : []),
    ...(vary ? [varyStep(job)] : []),
    ...pricedGroups(tools),
  ];
  return { components: rows, nextSteps: steps.join(' · ') };
}
