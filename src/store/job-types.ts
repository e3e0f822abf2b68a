import type { AspectRatio, ModelId, OutputFormat, StylePreset } from '../stability/models.js';

/** How a job came to be; each maps to one button action or command. */
export type JobKind = 'imagine' | 'reroll' | 'vary-subtle' | 'vary-strong' | 'upscale' | 'remix';
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
}

export interface JobImage {
  index: number;
  state: ImageState;
  seed?: number;
  finishReason?: string;
  credits: number;
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
  images: JobImage[];
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
}
