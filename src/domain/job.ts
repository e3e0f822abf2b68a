import type { AspectRatio, ModelId, OutputFormat, StylePreset } from '../stability/models.js';
import type { ToolKind, ToolParams } from './tools.js';

/** How a job came to be; each maps to one button action or command. */
export type JobKind =
  | 'imagine'
  | 'reroll'
  | 'vary-subtle'
  | 'vary-strong'
  | 'upscale'
  | 'remix'
  // A member's own images mixed by `/blend`.
  | 'blend'
  // The editing tools, Remove background among them (also a message app on any image).
  | ToolKind;
export type JobState = 'queued' | 'running' | 'succeeded' | 'filtered' | 'failed' | 'cancelled';
export type ImageState = 'pending' | 'succeeded' | 'filtered' | 'failed';

export const TERMINAL_STATES: readonly JobState[] = ['succeeded', 'filtered', 'failed', 'cancelled'];

export interface JobParams {
  prompt: string;
  negativePrompt?: string;
  model: ModelId;
  aspectRatio?: AspectRatio;
  stylePreset?: StylePreset;
  /** The seed the user asked for; image i uses seed + i. Absent: random seeds. */
  seed?: number;
  count: number;
  /** Image-to-image strength of a variation. */
  strength?: number;
  outputFormat?: OutputFormat;
  /** How the member's own image steers an imagine-like job (`/imagine image:`, `/blend`, Use as image prompt). */
  input?: ImageInput;
  /** The member's image a job starts from when it has no source job: its size, and the message it was on. */
  given?: GivenImage;
  /** An editing tool's own fields (src/domain/tools.ts); never carried over to a derived job. */
  tool?: ToolParams;
}

/**
 * What a member's image is used as: `reference` image-to-image, `sketch` / `structure` control, `style-guide` the
 * control/style endpoint, `blend` a style transfer (the second image gives the style).
 */
export const IMAGE_MODES = ['reference', 'sketch', 'structure', 'style-guide', 'blend'] as const;
export type ImageMode = (typeof IMAGE_MODES)[number];

export interface ImageInput {
  mode: ImageMode;
  /** reference: 0 keeps the image, 1 ignores it. */
  strength?: number;
  /** sketch, structure: how closely the outlines or layout are followed (0–1). */
  controlStrength?: number;
  /** style-guide: how closely the style is followed (0–1). */
  fidelity?: number;
  /** blend: how strongly the style image's style is applied (0–1). */
  styleStrength?: number;
  /** reference: the model the member chose had no image input, so the job runs on `params.model` instead. */
  replacedModel?: ModelId;
}

export interface GivenImage {
  width: number;
  height: number;
  /** The message the image was on (the message apps), so the result can link it. */
  channelId?: string;
  messageId?: string;
}

export interface JobImage {
  index: number;
  state: ImageState;
  seed?: number;
  finishReason?: string;
  /** What Stability charged, or (with `creditsEstimated`) the estimate of a call that may have been charged. */
  credits: number;
  creditsEstimated?: boolean;
  /** When the paid call left the bot. @unit epoch milliseconds */
  sentAt?: number;
  /** An asynchronous generation's id (creative upscale), polled until the image is ready. */
  generationId?: string;
  /** When its generation was last polled, so a restarted bot keeps the 10 s spacing. @unit epoch milliseconds */
  polledAt?: number;
  requestId?: string;
  width?: number;
  height?: number;
  mime?: string;
  fileName?: string;
  attachmentUrl?: string;
  error?: string;
  /** Why it failed, machine-readable (src/jobs/failure-codes.ts). */
  errorCode?: string;
}

export interface Job {
  id: string;
  seq: number;
  kind: JobKind;
  state: JobState;
  guildId?: string;
  channelId: string;
  userId: string;
  userName: string;
  params: JobParams;
  sourceJobId?: string;
  sourceIndex?: number;
  applicationId: string;
  interactionId: string;
  interactionToken?: string;
  messageId?: string;
  /** Largest file Discord accepts for this interaction (`attachment_size_limit`). @unit bytes */
  uploadLimit: number;
  estimatedCredits: number;
  chargedCredits: number;
  error?: string;
  /** Why it failed, machine-readable (src/jobs/failure-codes.ts). */
  errorCode?: string;
  /** Failed without a charge: it does not count in the user's usage and limits. */
  refunded?: boolean;
  /** Its images are posted as Discord spoilers (age-restricted channel of a guild that asked for it). */
  spoiler?: boolean;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** The member's `concurrent` limit when admitted: how many of their jobs the dispatcher runs at once. */
  maxConcurrent?: number;
  delivery?: Delivery;
  /** Options that came from the member's `/settings` defaults rather than the command. */
  fromDefaults?: string[];
  images: JobImage[];
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** Getting a finished job's result to its member is a durable step of its own, retried apart from the paid call. */
export interface Delivery {
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due. @unit epoch milliseconds */
  nextAt?: number;
  /** Why the last attempt failed, or why delivery is impossible. */
  error?: string;
}

export interface NewJob {
  kind: JobKind;
  guildId?: string;
  channelId: string;
  userId: string;
  userName: string;
  params: JobParams;
  sourceJobId?: string;
  sourceIndex?: number;
  applicationId: string;
  interactionId: string;
  interactionToken: string;
  uploadLimit: number;
  estimatedCredits: number;
  spoiler?: boolean;
  maxConcurrent?: number;
  fromDefaults?: string[];
}
