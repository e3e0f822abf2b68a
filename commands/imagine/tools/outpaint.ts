import type { PanDirection } from '../../../src/domain/tools.js';
import { formatCredits } from '../../../src/format/credits.js';
import type { JobButton } from '../../../src/interactions/components.js';
import { PAN_ARROWS } from '../../../src/render/job-kinds.js';
import { ENDPOINTS } from '../../../src/stability/models.js';
import type { OutpaintPlan } from '../../../src/stability/outpaint-geometry.js';
import { UserError } from '../../../src/user-error.js';
import type { BotContext } from '../../context.js';
import { deliveredImage, rememberAttachments } from '../../images.js';
import { notOffered, sizeOf, type ToolOffer, toolOffer } from './offer.js';
import { runTool } from './run-tool.js';

type OutpaintAction = 'zoom-out-2' | 'zoom-out-1.5' | 'make-square' | 'pan-left' | 'pan-right' | 'pan-up' | 'pan-down';

/**
 * One outpaint button: the margins come from the image's real size when it is pressed (the plan the layout drew the
 * button from), so the canvas grows exactly as the button says, within the endpoint's 0–2000 px per side.
 */
function outpaintButton<A extends OutpaintAction>(
  action: A,
  label: string,
  what: string,
  planOf: (offer: ToolOffer) => OutpaintPlan | undefined,
  tool: { kind: 'zoom-out'; zoom: 2 | 1.5 } | { kind: 'make-square' } | { kind: 'pan'; pan: PanDirection },
): JobButton<BotContext, A> {
  return {
    kind: 'button',
    action,
    target: 'job',
    indexed: true,
    createsJob: true,
    look: { label },
    help: `${what} (outpaint, ${formatCredits(ENDPOINTS.outpaint.credits)})`,
    async handle(interaction, { job, index = 0 }, ctx) {
      const size = sizeOf(deliveredImage(job, index));
      const plan = planOf(toolOffer(size));
      if (!plan) throw new UserError(notOffered(label, 'outpaint', size));
      await rememberAttachments(ctx, job, interaction.message.attachments.values());
      const margins = { left: plan.left, right: plan.right, up: plan.up, down: plan.down };
      const { kind, ...rest } = tool;
      return runTool(interaction, ctx, { job, index }, kind, { margins, ...rest });
    },
  };
}

export const zoomOut2 = outpaintButton(
  'zoom-out-2',
  '🔍 Zoom Out 2×',
  'the image inside a canvas twice its size, filled in',
  (o) => o.zoom2,
  { kind: 'zoom-out', zoom: 2 },
);
export const zoomOut15 = outpaintButton(
  'zoom-out-1.5',
  '🔍 Zoom Out 1.5×',
  'the image inside a canvas 1.5 times its size, filled in',
  (o) => o.zoom15,
  {
    kind: 'zoom-out',
    zoom: 1.5,
  },
);
export const makeSquare = outpaintButton(
  'make-square',
  '⬜ Make Square',
  'widens the short side until the image is square',
  (o) => o.square,
  { kind: 'make-square' },
);

const pan = <A extends `pan-${PanDirection}`>(action: A, direction: PanDirection) =>
  outpaintButton(
    action,
    PAN_ARROWS[direction],
    `extends the image ${direction === 'up' || direction === 'down' ? `${direction}wards` : `to the ${direction}`}`,
    (o) => o.pan[direction],
    { kind: 'pan', pan: direction },
  );

export const panLeft = pan('pan-left', 'left');
export const panRight = pan('pan-right', 'right');
export const panUp = pan('pan-up', 'up');
export const panDown = pan('pan-down', 'down');

export const outpaintButtons = [zoomOut2, zoomOut15, makeSquare, panLeft, panRight, panUp, panDown] as const;
