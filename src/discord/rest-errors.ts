// discord.js is CommonJS: its DiscordAPIError is not the one an ESM import of @discordjs/rest would give.
import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';

/** The interaction (or its message) is gone for the token: expired, answered already, or deleted. */
const GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InvalidWebhookToken,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
]);

/** The bot can never post there: the channel is gone or the bot may not see or write in it. */
const FORBIDDEN = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
]);

/**
 * What a failed Discord REST call means for whoever retries it: `transient` (5xx, 429, the network) is worth another
 * try later, `gone` means the token or message is dead (use the bot token instead), `forbidden` that the bot cannot
 * post there at all, and `invalid` that the request itself was refused (a bug, or a file over the limit).
 */
export type RestFailure = 'transient' | 'gone' | 'forbidden' | 'invalid';

export function classifyRestError(error: unknown): RestFailure {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    if (code !== undefined && GONE.has(code)) return 'gone';
    if (code !== undefined && FORBIDDEN.has(code)) return 'forbidden';
    if (error.status >= 500 || error.status === 429) return 'transient';
    return 'invalid';
  }
  if (error instanceof HTTPError)
    return error.status >= 400 && error.status < 500 && error.status !== 429 ? 'invalid' : 'transient';
  // Anything else is the network (reset, refused, timeout) or an abort: worth another try.
  return 'transient';
}

export function restErrorCode(error: unknown): number | string | undefined {
  if (error instanceof DiscordAPIError) return error.code;
  if (error instanceof HTTPError) return error.status;
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return undefined;
}

/** Discord's "gone" codes: logged and survived by the router, never shown. */
export function isGoneError(error: unknown): boolean {
  return error instanceof DiscordAPIError && classifyRestError(error) === 'gone';
}
