import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level: string;
  /** Secret values (API key, bot token) scrubbed from every line, wherever they appear. */
  secrets: readonly (string | undefined)[];
  /** Pretty output; defaults to whether stdout is a TTY. */
  pretty?: boolean;
}

/** Field names whose values are never written, at any of the depths our log calls use. */
const REDACT_KEYS = [
  'authorization',
  'Authorization',
  'token',
  'interactionToken',
  'interaction_token',
  'apiKey',
  'api_key',
  'password',
  'secret',
];
const REDACT_PATHS = REDACT_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`, `*.headers.${k}`]);
const REDACTED = '[redacted]';

export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const secrets = settings.secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // Paths only catch known field names; a key can still hide in an error message or a URL, so the final line is
    // scrubbed as text too.
    hooks: { streamWrite: (line) => scrub(line, secrets) },
    serializers: { err: serializeError },
  };
  if (destination) return pino(options, destination);
  if (settings.pretty ?? process.stdout.isTTY) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(options);
}

/**
 * Errors as pino writes them, minus request bodies: discord.js's DiscordAPIError carries the whole request, uploaded
 * image bytes included, which would turn one log line into megabytes.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized: Record<string, unknown> = { ...pino.stdSerializers.err(error) };
  delete serialized.requestBody;
  return serialized;
}

/**
 * Interaction tokens travel in URLs (`/webhooks/<app>/<token>`, `/interactions/<id>/<token>/callback`) and each is
 * valid for 15 minutes: whatever path or message carries one, the token part is replaced.
 */
const TOKEN_IN_URL = /(\/(?:webhooks|interactions)\/\d{17,20}\/)([A-Za-z0-9._~:%-]{20,})/g;

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text.replace(TOKEN_IN_URL, `$1${REDACTED}`);
  for (const secret of secrets) {
    out = out.split(secret).join(REDACTED);
    // JSON-escaped forms of the secret (quotes, backslashes) would slip past a literal match.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  return out;
}
