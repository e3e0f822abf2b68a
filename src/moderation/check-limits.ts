import type { JobKind } from '../domain/job.js';
import { formatLimitValue, isModelAllowed, LIMITS, type LimitKey } from '../domain/limits.js';
import type { EffectiveLimits, LimitSource } from '../domain/resolve-limits.js';
import { HOUR_MS } from '../domain/time.js';
import { isEditToolKind, isUpscaleKind } from '../domain/tools.js';
import { relativeTime } from '../format/time.js';
import { MODELS, type ModelId } from '../stability/models.js';

/** What the store knows about one user's recent jobs in one guild, after any `/quota reset`. */
export interface UsageSnapshot {
  queued: number;
  running: number;
  /** Creation times of the user's counted jobs inside the rolling hour, oldest first. @unit epoch milliseconds */
  hourJobTimes: readonly number[];
  /** Creation time of the user's latest counted job. @unit epoch milliseconds */
  lastJobAt?: number;
}

export interface LimitRequest {
  kind: JobKind;
  model: ModelId;
  count: number;
  /** The job uses an image the member gave (an attachment, an image on a message), or one such job's image again. */
  imageInput?: boolean;
  /** The job's endpoint takes no model (control, style transfer, remove background): `models` does not apply. */
  noModel?: boolean;
}

export function describeSource(source: LimitSource): string {
  switch (source.kind) {
    case 'user':
      return 'set for you';
    case 'role':
      return `from your role ${source.roleIds.map((id) => `<@&${id}>`).join(', ')}`;
    case 'guild':
      return 'server setting';
    case 'default':
      return 'bot default';
  }
}

/**
 * When the user may start another job under `limit` jobs per rolling hour: the moment enough of the oldest jobs have
 * left the window (more than one when a moderator lowered the limit below what was already used). Undefined: now.
 */
export function hourSlotFreesAt(hourJobTimes: readonly number[], limit: number): number | undefined {
  if (limit <= 0 || hourJobTimes.length < limit) return undefined;
  const leaving = hourJobTimes[hourJobTimes.length - limit];
  return leaving === undefined ? undefined : leaving + HOUR_MS;
}

/** When the cooldown after the latest job ends; undefined: no cooldown running. */
export function cooldownEndsAt(usage: UsageSnapshot, cooldownSeconds: number, now: number): number | undefined {
  if (cooldownSeconds <= 0 || usage.lastJobAt === undefined) return undefined;
  const end = usage.lastJobAt + cooldownSeconds * 1000;
  return end > now ? end : undefined;
}

function zero(key: LimitKey, limits: EffectiveLimits): string {
  return (
    `🚦 **${LIMITS[key].label}** is **0** for you here (${describeSource(limits[key].source)}), so you cannot start ` +
    'jobs until a moderator raises it.'
  );
}

/**
 * The first limit this request breaks, as the message the user sees (which limit, its value, when it frees up), or
 * undefined when every limit allows it. Pure: the caller reads the limits and usage and the clock.
 */
export function checkLimits(
  request: LimitRequest,
  limits: EffectiveLimits,
  usage: UsageSnapshot,
  now: number,
): string | undefined {
  const source = (key: LimitKey) => describeSource(limits[key].source);
  if (request.imageInput && !limits.image_input.value) {
    return `🚦 Using your own images is turned off for you here (**Image input allowed: no**, ${source('image_input')}).`;
  }
  // Upscales and editing tools run on their own endpoints, not on a model: the models limit does not apply to them.
  if (isUpscaleKind(request.kind)) {
    if (!limits.upscale.value)
      return `🚦 Upscaling is turned off for you here (**Upscale allowed: no**, ${source('upscale')}).`;
  } else if (isEditToolKind(request.kind)) {
    if (!limits.edit_tools.value) {
      return (
        `🚦 The editing tools (zoom, pan, make square, vary region, recolor, remove background) are turned off for ` +
        `you here (**Editing tools allowed: no**, ${source('edit_tools')}).`
      );
    }
  } else if (!request.noModel && !isModelAllowed(limits.models.value, request.model)) {
    return (
      `🚦 **${MODELS[request.model].label}** is not an allowed model here (${source('models')}). ` +
      `Allowed: ${formatLimitValue('models', limits.models.value)}.`
    );
  }
  const maxCount = limits.max_count.value;
  if (maxCount === 0) return zero('max_count', limits);
  if (request.count > maxCount) {
    return (
      `🚦 You asked for ${request.count} images; the limit here is **${maxCount} per job** (${source('max_count')}). ` +
      `Ask for ${maxCount} or fewer.`
    );
  }
  if (limits.concurrent.value === 0) return zero('concurrent', limits);
  const queuedLimit = limits.queued.value;
  if (queuedLimit === 0) return zero('queued', limits);
  if (usage.queued >= queuedLimit) {
    return (
      `🚦 You already have **${usage.queued} job${usage.queued === 1 ? '' : 's'} waiting** (limit: ${queuedLimit} ` +
      `queued per user, ${source('queued')}${usage.running > 0 ? `; ${usage.running} running` : ''}). ` +
      'A place frees up as soon as one of them starts.'
    );
  }
  const perHour = limits.jobs_per_hour.value;
  if (perHour === 0) return zero('jobs_per_hour', limits);
  const freesAt = hourSlotFreesAt(usage.hourJobTimes, perHour);
  if (freesAt !== undefined) {
    return (
      `🚦 You reached the limit of **${perHour} job${perHour === 1 ? '' : 's'} per hour** (${source('jobs_per_hour')}). ` +
      `Your next job can start ${relativeTime(freesAt)}, when your oldest job of the last hour leaves the window.`
    );
  }
  const cooldown = limits.cooldown.value;
  const cooledAt = cooldownEndsAt(usage, cooldown, now);
  if (cooledAt !== undefined) {
    return (
      `🚦 Cooldown: **${cooldown} s** between jobs here (${source('cooldown')}). ` +
      `You can start the next one ${relativeTime(cooledAt)}.`
    );
  }
  return undefined;
}
