import type { Config } from '../config.js';
import { MODEL_IDS, MODELS, type ModelId } from '../stability/models.js';

/** The limits a moderator can change, by the names `/limits set key:` offers (stored as such in the `limits` table). */
export const LIMIT_KEYS = [
  'jobs_per_hour',
  'concurrent',
  'queued',
  'max_count',
  'models',
  'upscale',
  'cooldown',
  'image_input',
  'edit_tools',
] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/** `'all'` rather than today's list, so a model added to the bot later is allowed wherever "all" was chosen. */
export type ModelsValue = 'all' | readonly ModelId[];

export interface LimitValues {
  /** Jobs a user may start in any rolling hour. */
  jobs_per_hour: number;
  /** A user's jobs running at once (the fair queue's per-member cap). */
  concurrent: number;
  /** A user's jobs waiting at once. */
  queued: number;
  /** Largest `count` of one job. */
  max_count: number;
  models: ModelsValue;
  upscale: boolean;
  /** @unit seconds between the starts of two of a user's jobs */
  cooldown: number;
  /** Their own images as input: `/imagine image:`, `/blend` and the message apps. */
  image_input: boolean;
  /** Zoom Out, Pan, Make Square, Vary (Region), Recolor and Remove background (the upscales follow `upscale`). */
  edit_tools: boolean;
}

export type LimitOverrides = { [K in LimitKey]?: LimitValues[K] };

interface IntegerLimit {
  kind: 'integer';
  label: string;
  max: number;
  /** What the number counts, for messages ("3 jobs per hour"). */
  unit: string;
  /** Which way is generous when several roles disagree: more jobs is generous, a longer cooldown is not. */
  generous: 'higher' | 'lower';
}

interface ModelsLimit {
  kind: 'models';
  label: string;
}

interface BooleanLimit {
  kind: 'boolean';
  label: string;
}

export type LimitDefinition = IntegerLimit | ModelsLimit | BooleanLimit;

export const LIMITS: Readonly<Record<LimitKey, LimitDefinition>> = {
  jobs_per_hour: { kind: 'integer', label: 'Jobs per hour', max: 10_000, unit: 'jobs per hour', generous: 'higher' },
  concurrent: { kind: 'integer', label: 'Concurrent jobs', max: 10, unit: 'running at once', generous: 'higher' },
  queued: { kind: 'integer', label: 'Queued jobs', max: 100, unit: 'queued per user', generous: 'higher' },
  // Discord's /imagine option already stops at 4; a larger limit would promise what no request can use.
  max_count: { kind: 'integer', label: 'Images per job', max: 4, unit: 'per job', generous: 'higher' },
  models: { kind: 'models', label: 'Allowed models' },
  upscale: { kind: 'boolean', label: 'Upscale allowed' },
  cooldown: { kind: 'integer', label: 'Cooldown', max: 86_400, unit: 'seconds between jobs', generous: 'lower' },
  image_input: { kind: 'boolean', label: 'Image input allowed' },
  edit_tools: { kind: 'boolean', label: 'Editing tools allowed' },
};

/** The operator's defaults from config; the limits config does not name are as open as possible. */
export function defaultLimits(limits: Config['limits']): LimitValues {
  return {
    jobs_per_hour: limits.jobsPerHour,
    concurrent: limits.concurrentPerUser,
    queued: limits.queuedPerUser,
    max_count: limits.maxCount,
    models: 'all',
    upscale: true,
    cooldown: 0,
    image_input: true,
    edit_tools: true,
  };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const YES = new Set(['yes', 'y', 'true', 'on', '1']);
const NO = new Set(['no', 'n', 'false', 'off', '0']);

/** Reads what a moderator typed for `key`; a refusal says what is accepted. */
export function parseLimitValue<K extends LimitKey>(key: K, text: string): Parsed<LimitValues[K]> {
  const definition = LIMITS[key];
  const input = text.trim().toLowerCase();
  switch (definition.kind) {
    case 'integer': {
      if (!/^\d+$/.test(input) || Number(input) > definition.max) {
        return {
          ok: false,
          message: `**${definition.label}** takes a whole number from 0 to ${definition.max}; got \`${text}\`.`,
        };
      }
      return { ok: true, value: Number(input) as LimitValues[K] };
    }
    case 'boolean': {
      if (YES.has(input)) return { ok: true, value: true as LimitValues[K] };
      if (NO.has(input)) return { ok: true, value: false as LimitValues[K] };
      return { ok: false, message: `**${definition.label}** takes \`yes\` or \`no\`; got \`${text}\`.` };
    }
    case 'models': {
      if (input === 'all') return { ok: true, value: 'all' as LimitValues[K] };
      const names = input
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const unknown = names.filter((name) => !(MODEL_IDS as readonly string[]).includes(name));
      if (names.length === 0 || unknown.length > 0) {
        const what = unknown.length > 0 ? `unknown: ${unknown.map((n) => `\`${n}\``).join(', ')}. ` : '';
        return {
          ok: false,
          message: `**${definition.label}** takes \`all\` or a comma-separated list of ${MODEL_IDS.map((id) => `\`${id}\``).join(', ')}; ${what}Got \`${text}\`.`,
        };
      }
      // Stored in the bot's own order, once each, so equal lists compare and display the same.
      return { ok: true, value: MODEL_IDS.filter((id) => names.includes(id)) as unknown as LimitValues[K] };
    }
  }
}

/** Reads a stored value back; anything unexpected (an edited database, a model that no longer exists) is ignored. */
export function decodeLimitValue<K extends LimitKey>(key: K, stored: unknown): LimitValues[K] | undefined {
  const definition = LIMITS[key];
  switch (definition.kind) {
    case 'integer':
      return Number.isInteger(stored) && (stored as number) >= 0 ? (stored as LimitValues[K]) : undefined;
    case 'boolean':
      return typeof stored === 'boolean' ? (stored as LimitValues[K]) : undefined;
    case 'models': {
      if (stored === 'all') return 'all' as LimitValues[K];
      if (!Array.isArray(stored)) return undefined;
      return MODEL_IDS.filter((id) => stored.includes(id)) as unknown as LimitValues[K];
    }
  }
}

export function formatLimitValue<K extends LimitKey>(key: K, value: LimitValues[K]): string {
  const definition = LIMITS[key];
  if (definition.kind === 'boolean') return value ? 'yes' : 'no';
  if (definition.kind === 'models') {
    const models = value as ModelsValue;
    if (models === 'all') return 'all models';
    return models.length === 0 ? 'none' : models.map((id) => MODELS[id].label).join(', ');
  }
  return key === 'cooldown' ? `${value} s` : String(value);
}

export function isModelAllowed(models: ModelsValue, model: ModelId): boolean {
  return models === 'all' || models.includes(model);
}

/** The more generous of two values of one limit: the one that lets a member do more. */
export function moreGenerous<K extends LimitKey>(key: K, a: LimitValues[K], b: LimitValues[K]): LimitValues[K] {
  const definition = LIMITS[key];
  switch (definition.kind) {
    case 'integer': {
      const x = a as number;
      const y = b as number;
      return (definition.generous === 'higher' ? Math.max(x, y) : Math.min(x, y)) as LimitValues[K];
    }
    case 'boolean':
      return (a || b) as LimitValues[K];
    case 'models': {
      const x = a as ModelsValue;
      const y = b as ModelsValue;
      if (x === 'all' || y === 'all') return 'all' as LimitValues[K];
      return MODEL_IDS.filter((id) => x.includes(id) || y.includes(id)) as unknown as LimitValues[K];
    }
  }
}

export function sameLimitValue<K extends LimitKey>(key: K, a: LimitValues[K], b: LimitValues[K]): boolean {
  return formatLimitValue(key, a) === formatLimitValue(key, b);
}
