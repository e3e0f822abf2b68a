import dotenv from 'dotenv';
import { z } from 'zod';
import { LOCAL_FAULT_KINDS, parseFaultKind } from './images/faults.js';

/** What an entry point needs beyond the defaults; each adds required variables. */
export type ConfigNeed = 'discord-bot' | 'discord-deploy' | 'image-backend';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .pipe(z.url({ protocol: /^https?$/ }))
    .transform((v) => v.replace(/\/+$/, ''));

const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{17,20}$/, 'must be a Discord snowflake')
      .optional(),
  ),
  DISCORD_GUILD_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{17,20}$/, 'must be a Discord snowflake')
      .optional(),
  ),
  DISCORD_API_URL: url('https://discord.com/api'),
  DISCORD_SHARD_COUNT: z
    .string()
    .trim()
    .default('auto')
    .refine((v) => v === 'auto' || /^[1-9]\d*$/.test(v), 'must be auto or a whole number ≥ 1')
    .transform((v) => (v === 'auto' ? ('auto' as const) : Number(v))),
  DISCORD_SHARD_IDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+(\s*,\s*\d+)*$/, 'must be a comma list of shard ids (0, 1, …)')
      .transform((v) => v.split(',').map((id) => Number(id.trim())))
      .refine((ids) => new Set(ids).size === ids.length, 'names a shard twice')
      .optional(),
  ),
  STABILITY_API_KEY: optionalText,
  STABILITY_API_URL: url('https://api.stability.ai'),
  STABILITY_TIMEOUT_MS: positiveInt(120_000),
  IMAGE_BACKEND: z.enum(['stability', 'local']).default('stability'),
  LOCAL_BACKEND_LATENCY_MS: nonNegativeInt(0),
  LOCAL_BACKEND_BALANCE: z.coerce.number().nonnegative().default(1000),
  LOCAL_BACKEND_FAULT: optionalText.refine((v) => v === undefined || parseFaultKind(v) !== undefined, {
    message: `must be one of: ${LOCAL_FAULT_KINDS.map((f) => f.kind).join(', ')}`,
  }),
  DATABASE_PATH: z.string().trim().min(1).default('./data/bot.sqlite'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  IMAGE_STORE_MAX_MB: positiveInt(1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  STABILITY_RATE_LIMIT: positiveInt(145),
  STABILITY_RATE_WINDOW_MS: positiveInt(10_000),
  STABILITY_RATE_JITTER_MS: nonNegativeInt(100),
  STABILITY_LOCKOUT_MS: positiveInt(60_000),
  // 10 (the first design) capped throughput at 10 ÷ latency: with Stability's 4–8 s calls that is 1–2 requests a second
  // against a quota of 15. One window's worth in flight lets the pacer, not the concurrency cap, set the rate.
  STABILITY_MAX_CONCURRENT: positiveInt(145),
  // Stability asks for no more than one poll of a generation every 10 s; tests shorten it rather than wait.
  STABILITY_POLL_INTERVAL_MS: positiveInt(10_000),
  STABILITY_POLL_TIMEOUT_MS: positiveInt(600_000),
  LIMIT_QUEUED_PER_USER: positiveInt(5),
  LIMIT_CONCURRENT_PER_USER: positiveInt(2),
  LIMIT_JOBS_PER_HOUR: positiveInt(30),
  LIMIT_MAX_COUNT: z.coerce.number().int().min(1).max(4).default(4),
  BALANCE_CHECK_INTERVAL_MS: nonNegativeInt(900_000),
  BALANCE_WARN_CREDITS: z.coerce.number().nonnegative().default(100),
});

type Raw = z.infer<typeof schema>;

export interface Config {
  discord: {
    token: string | undefined;
    applicationId: string | undefined;
    guildId: string | undefined;
    apiUrl: string;
    /** Shards of the whole bot: `auto` asks Discord (`GET /gateway/bot`) at start. */
    shardCount: number | 'auto';
    /** The shards this process runs; undefined: every shard of the count. */
    shardIds: readonly number[] | undefined;
  };
  stability: {
    apiKey: string | undefined;
    apiUrl: string;
    /** @unit milliseconds */
    timeoutMs: number;
    /** Requests allowed per window; below Stability's 150 to keep room for jitter. */
    rateLimit: number;
    /** @unit milliseconds */
    rateWindowMs: number;
    /** How much later than it leaves a request may arrive; counted so no window as Stability sees it overflows. @unit milliseconds */
    rateJitterMs: number;
    /** How long a 429 locks the account out. @unit milliseconds */
    lockoutMs: number;
    maxConcurrent: number;
    /** Time between two polls of one asynchronous generation (creative upscale). @unit milliseconds */
    pollIntervalMs: number;
    /** How long an asynchronous generation may take before its job fails. @unit milliseconds */
    pollTimeoutMs: number;
  };
  images: {
    backend: 'stability' | 'local';
    localLatencyMs: number;
    localFault: string | undefined;
    /** The local backend's pretend account balance. @unit credits */
    localBalance: number;
    /** Cap on result images kept for variations and upscales. @unit bytes */
    storeMaxBytes: number;
  };
  databasePath: string;
  /** PostgreSQL for several processes; unset keeps the SQLite file at `databasePath`. */
  databaseUrl: string | undefined;
  logLevel: Raw['LOG_LEVEL'];
  /** 0 disables /healthz and /metrics. */
  httpPort: number;
  /** Operator defaults for every user; moderators override them per guild, role and user. */
  limits: {
    queuedPerUser: number;
    concurrentPerUser: number;
    jobsPerHour: number;
    maxCount: number;
  };
  /** The provider balance watch (src/budget/balance-monitor.ts). */
  balance: {
    /** 0: read only at start. @unit milliseconds */
    checkIntervalMs: number;
    /** Warn the mod-log channels and the log below this. @unit credits */
    warnBelowCredits: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads `.env` (if present) without touching process.env, then overlays the real environment. */
export function readEnvironment(processEnv: NodeJS.ProcessEnv, path = '.env'): Record<string, string | undefined> {
  const fromFile: Record<string, string> = {};
  dotenv.config({ path, processEnv: fromFile, quiet: true });
  return { ...fromFile, ...processEnv };
}

export function loadConfig(env: Record<string, string | undefined>, needs: readonly ConfigNeed[] = []): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
  const raw = parsed.success ? parsed.data : undefined;
  // An unknown IMAGE_BACKEND is its own problem: which key it would need is not known, so none is asked for.
  const named = env.IMAGE_BACKEND?.trim();
  const backend = raw?.IMAGE_BACKEND ?? (named === 'local' ? 'local' : named ? undefined : 'stability');

  if (needs.includes('discord-bot') && !env.DISCORD_TOKEN?.trim()) {
    problems.push('DISCORD_TOKEN: required to run the bot (the bot token from the Discord developer portal)');
  }
  if (needs.includes('discord-deploy')) {
    if (!env.DISCORD_TOKEN?.trim()) problems.push('DISCORD_TOKEN: required to register commands');
    if (!env.DISCORD_APPLICATION_ID?.trim()) problems.push('DISCORD_APPLICATION_ID: required to register commands');
  }
  if (needs.includes('image-backend') && backend === 'stability' && !env.STABILITY_API_KEY?.trim()) {
    problems.push(
      'STABILITY_API_KEY: required when IMAGE_BACKEND=stability (or set IMAGE_BACKEND=local to run offline)',
    );
  }
  // Gone (it was never used): a set value is refused, so an operator who relied on it learns what replaced it.
  if (env.REDIS_URL?.trim()) {
    problems.push(
      'REDIS_URL: no longer used — several bot processes now share one PostgreSQL database: set DATABASE_URL ' +
        '(postgres://…) on every process and unset REDIS_URL',
    );
  }
  const count = raw?.DISCORD_SHARD_COUNT;
  const outside = typeof count === 'number' ? (raw?.DISCORD_SHARD_IDS ?? []).filter((id) => id >= count) : [];
  if (outside.length > 0) {
    problems.push(
      `DISCORD_SHARD_IDS: ${outside.join(', ')} not below DISCORD_SHARD_COUNT (${count}); ids run 0…${Number(count) - 1}`,
    );
  }
  if (problems.length > 0 || raw === undefined) throw new ConfigError(problems);

  return deepFreeze({
    discord: {
      token: raw.DISCORD_TOKEN,
      applicationId: raw.DISCORD_APPLICATION_ID,
      guildId: raw.DISCORD_GUILD_ID,
      apiUrl: raw.DISCORD_API_URL,
      shardCount: raw.DISCORD_SHARD_COUNT,
      shardIds: raw.DISCORD_SHARD_IDS,
    },
    stability: {
      apiKey: raw.STABILITY_API_KEY,
      apiUrl: raw.STABILITY_API_URL,
      timeoutMs: raw.STABILITY_TIMEOUT_MS,
      rateLimit: raw.STABILITY_RATE_LIMIT,
      rateWindowMs: raw.STABILITY_RATE_WINDOW_MS,
      rateJitterMs: raw.STABILITY_RATE_JITTER_MS,
      lockoutMs: raw.STABILITY_LOCKOUT_MS,
      maxConcurrent: raw.STABILITY_MAX_CONCURRENT,
      pollIntervalMs: raw.STABILITY_POLL_INTERVAL_MS,
      pollTimeoutMs: raw.STABILITY_POLL_TIMEOUT_MS,
    },
    images: {
      backend: raw.IMAGE_BACKEND,
      localLatencyMs: raw.LOCAL_BACKEND_LATENCY_MS,
      localFault: raw.LOCAL_BACKEND_FAULT,
      localBalance: raw.LOCAL_BACKEND_BALANCE,
      storeMaxBytes: raw.IMAGE_STORE_MAX_MB * 1024 * 1024,
    },
    databasePath: raw.DATABASE_PATH,
    databaseUrl: raw.DATABASE_URL,
    logLevel: raw.LOG_LEVEL,
    httpPort: raw.HTTP_PORT,
    limits: {
      queuedPerUser: raw.LIMIT_QUEUED_PER_USER,
      concurrentPerUser: raw.LIMIT_CONCURRENT_PER_USER,
      jobsPerHour: raw.LIMIT_JOBS_PER_HOUR,
      maxCount: raw.LIMIT_MAX_COUNT,
    },
    balance: {
      checkIntervalMs: raw.BALANCE_CHECK_INTERVAL_MS,
      warnBelowCredits: raw.BALANCE_WARN_CREDITS,
    },
  });
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
