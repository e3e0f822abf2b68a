import { checkInput } from './input-limits.js';

/** Each outpaint margin is 0–2000 px (the spec's `left`/`right`/`up`/`down`). */
export const MAX_OUTPAINT_MARGIN = 2000;

export interface OutpaintMargins {
  left: number;
  right: number;
  up: number;
  down: number;
}

/** Margins to send, and the sizes they apply to: the input as the client will send it (shrunk if over 9.4 MP). */
export interface OutpaintPlan extends OutpaintMargins {
  inputWidth: number;
  inputHeight: number;
  outputWidth: number;
  outputHeight: number;
}

export type PanDirection = 'left' | 'right' | 'up' | 'down';

/** Splits `extra` pixels over two sides, the odd one to the second (right or bottom). */
function split(extra: number): [number, number] {
  const first = Math.floor(extra / 2);
  return [first, extra - first];
}

function plan(width: number, height: number, grow: (w: number, h: number) => OutpaintMargins) {
  const check = checkInput('outpaint', width, height);
  if (!check.ok) return undefined;
  const { width: w, height: h } = check;
  const margins = grow(w, h);
  const values = [margins.left, margins.right, margins.up, margins.down];
  if (values.every((value) => value === 0)) return undefined;
  if (values.some((value) => !Number.isInteger(value) || value < 0 || value > MAX_OUTPAINT_MARGIN)) return undefined;
  const plan: OutpaintPlan = {
    ...margins,
    inputWidth: w,
    inputHeight: h,
    outputWidth: w + margins.left + margins.right,
    outputHeight: h + margins.up + margins.down,
  };
  return plan;
}

/** Zoom Out: the canvas grows by `factor` in width and height around the centred image. */
export function zoomOutPlan(width: number, height: number, factor: 2 | 1.5): OutpaintPlan | undefined {
  return plan(width, height, (w, h) => {
    const [left, right] = split(Math.round(w * factor) - w);
    const [up, down] = split(Math.round(h * factor) - h);
    return { left, right, up, down };
  });
}

/** Make Square: only the short sides grow, until both are as long as the longer one. Undefined when already square. */
export function makeSquarePlan(width: number, height: number): OutpaintPlan | undefined {
  return plan(width, height, (w, h) => {
    const [left, right] = w < h ? split(h - w) : [0, 0];
    const [up, down] = h < w ? split(w - h) : [0, 0];
    return { left, right, up, down };
  });
}

/** Pan: one side grows by half the image's extent in that direction. */
export function panPlan(width: number, height: number, direction: PanDirection): OutpaintPlan | undefined {
  return plan(width, height, (w, h) => {
    const margins: OutpaintMargins = { left: 0, right: 0, up: 0, down: 0 };
    margins[direction] = Math.round((direction === 'left' || direction === 'right' ? w : h) / 2);
    return margins;
  });
}
