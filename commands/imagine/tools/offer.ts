import type { JobImage } from '../../../src/domain/job.js';
import type { PanDirection } from '../../../src/domain/tools.js';
import { type UpscaleKind, upscaledSize } from '../../../src/images/local-sizes.js';
import { checkInput, type ImageRequestKind } from '../../../src/stability/input-limits.js';
import { makeSquarePlan, type OutpaintPlan, panPlan, zoomOutPlan } from '../../../src/stability/outpaint-geometry.js';

export interface ImageSize {
  width: number;
  height: number;
}

export const PAN_DIRECTIONS: readonly PanDirection[] = ['left', 'right', 'up', 'down'];

/**
 * Which tools one image can use, from its real size: a tool is offered only when its endpoint accepts the image (or
 * a shrunk copy of it) and, for an upscale, when the result would be larger than the image. The buttons are drawn
 * from this, and each click checks it again (an old message may carry a button a newer rule would not draw).
 */
export interface ToolOffer {
  /** Vary (Subtle / Strong): image-to-image takes sides of 64–16,384 px. */
  vary: boolean;
  region: boolean;
  recolor: boolean;
  background: boolean;
  zoom2?: OutpaintPlan;
  zoom15?: OutpaintPlan;
  square?: OutpaintPlan;
  pan: Partial<Record<PanDirection, OutpaintPlan>>;
  upscaleFast: boolean;
  upscaleSubtle: boolean;
  upscaleCreative: boolean;
}

const NOTHING: ToolOffer = {
  vary: false,
  region: false,
  recolor: false,
  background: false,
  pan: {},
  upscaleFast: false,
  upscaleSubtle: false,
  upscaleCreative: false,
};

/** The size stored with a delivered image; undefined for rows that never recorded one. */
export function sizeOf(image: JobImage | undefined): ImageSize | undefined {
  return image?.width && image.height ? { width: image.width, height: image.height } : undefined;
}

const accepts = (kind: ImageRequestKind, size: ImageSize) => checkInput(kind, size.width, size.height).ok;

/** An upscale is worth offering only when what it answers has more pixels than the image already has. */
function enlarges(kind: UpscaleKind, size: ImageSize): boolean {
  const check = checkInput(kind, size.width, size.height);
  if (!check.ok) return false;
  const out = upscaledSize(kind, check);
  return out.width * out.height > size.width * size.height;
}

export function toolOffer(size: ImageSize | undefined): ToolOffer {
  if (!size) return NOTHING;
  const pan: ToolOffer['pan'] = {};
  for (const direction of PAN_DIRECTIONS) {
    const plan = panPlan(size.width, size.height, direction);
    if (plan) pan[direction] = plan;
  }
  const zoom2 = zoomOutPlan(size.width, size.height, 2);
  const zoom15 = zoomOutPlan(size.width, size.height, 1.5);
  const square = makeSquarePlan(size.width, size.height);
  return {
    vary: accepts('image-to-image', size),
    region: accepts('search-and-replace', size),
    recolor: accepts('search-and-recolor', size),
    background: accepts('remove-background', size),
    ...(zoom2 ? { zoom2 } : {}),
    ...(zoom15 ? { zoom15 } : {}),
    ...(square ? { square } : {}),
    pan,
    upscaleFast: enlarges('upscale-fast', size),
    upscaleSubtle: enlarges('upscale-conservative', size),
    upscaleCreative: enlarges('upscale-creative', size),
  };
}

/** Why a tool is not offered for an image of this size, for the member who clicked an old button anyway. */
export function notOffered(tool: string, kind: ImageRequestKind, size: ImageSize | undefined): string {
  if (!size) return `${tool} needs the image's size, which this job never recorded.`;
  const check = checkInput(kind, size.width, size.height);
  if (!check.ok) return `${tool} cannot use this image: it ${check.reason.replace(/^[a-z_]+: (is )?/, 'is ')}.`;
  return `${tool} is not available for this ${size.width}×${size.height} image (its result would break the endpoint's limits or not be larger).`;
}
