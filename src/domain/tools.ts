import type { EndpointName } from '../stability/models.js';

/**
 * The editing tools under a single image (issue 18): each is a job kind of its own, made from one source image by one
 * Stability endpoint. The fast upscale (`upscale`) predates them and keeps its own kind.
 */
export const TOOL_KINDS = [
  'zoom-out',
  'make-square',
  'pan',
  'vary-region',
  'recolor',
  'remove-background',
  'upscale-subtle',
  'upscale-creative',
] as const;
export type ToolKind = (typeof TOOL_KINDS)[number];

export type PanDirection = 'left' | 'right' | 'up' | 'down';

/** Pixels an outpaint adds on each side (the spec's `left`/`right`/`up`/`down`, each 0–2000). */
export interface Margins {
  left: number;
  right: number;
  up: number;
  down: number;
}

/** What a tool job sends besides its source image and the job's prompt; absent on every other kind. */
export interface ToolParams {
  /** Zoom Out, Make Square, Pan: computed from the source's real size when the button was pressed. */
  margins?: Margins;
  zoom?: 2 | 1.5;
  pan?: PanDirection;
  /** Vary (Region): what to find (`search_prompt`); Recolor: what to select (`select_prompt`). */
  find?: string;
  /** What it becomes: the `prompt` of search-and-replace (an object) or search-and-recolor (a colour). */
  into?: string;
}

/** The one endpoint each tool calls: its price, its input limits and its output size all follow from it. */
export const TOOL_ENDPOINTS = {
  'zoom-out': 'outpaint',
  'make-square': 'outpaint',
  pan: 'outpaint',
  'vary-region': 'search-and-replace',
  recolor: 'search-and-recolor',
  'remove-background': 'remove-background',
  'upscale-subtle': 'upscale-conservative',
  'upscale-creative': 'upscale-creative',
} as const satisfies Readonly<Record<ToolKind, EndpointName>>;

export function isToolKind(kind: string): kind is ToolKind {
  return (TOOL_KINDS as readonly string[]).includes(kind);
}

/** The kinds the `upscale` limit switches: the fast U buttons and both new upscales. */
export function isUpscaleKind(kind: string): boolean {
  return kind === 'upscale' || kind === 'upscale-subtle' || kind === 'upscale-creative';
}

/** The kinds the `edit_tools` limit switches: every tool that is not an upscale. */
export function isEditToolKind(kind: string): boolean {
  return isToolKind(kind) && !isUpscaleKind(kind);
}
