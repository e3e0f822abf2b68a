import type { APIMessageReference } from 'discord-api-types/v10';
import type { EmulatorContext } from '../../context.js';
import { checkFileSizes } from '../../interactions/response-messages.js';
import { createMessageData, isEmptyMessage, isEmptyRequest, patchMessageData } from '../../messages/build.js';
import { hasPermission, Permission } from '../../permissions.js';
import type { EmulatorChannel, StoredMessage } from '../../types.js';
import { checkMessageLimits } from '../../validation/limits.js';
import { arrayOf, objOf, stringOf } from '../../validation/shape.js';
import { rejectAsViolation, rejectEmpty, validateBody } from '../../validation/validate.js';
import { apiUser } from '../../wire.js';
import { Errors, type FieldError } from '../errors.js';
import type { RestRequest, RestResponse, RouteDefinition } from '../router.js';

/** Bot-token channel routes check the bot's channel permissions like Discord: no VIEW_CHANNEL → 50001. */
function channelFor(ctx: EmulatorContext, req: RestRequest): { channel: EmulatorChannel; permissions: bigint } {
  const channel = ctx.world.channels.get(req.params.channel ?? '');
  if (!channel) throw Errors.unknownChannel();
  const permissions = ctx.world.channelPermissions(channel.id, ctx.world.bot.id);
  if (!hasPermission(permissions, Permission.ViewChannel)) throw Errors.missingAccess();
  return { channel, permissions };
}

/** Ephemeral messages do not exist for the bot token (Discord answers Unknown Message). */
function messageIn(ctx: EmulatorContext, channel: EmulatorChannel, id: string | undefined): StoredMessage {
  const message = ctx.store.get(id ?? '');
  if (!message || message.deleted || message.channelId !== channel.id || message.visibleTo !== null) {
    throw Errors.unknownMessage();
  }
  return message;
}

async function createMessage(ctx: EmulatorContext, req: RestRequest): Promise<RestResponse> {
  const { channel, permissions } = channelFor(ctx, req);
  const { json, files } = await req.payload();
  checkFileSizes(files, ctx.config.channelAttachmentLimit);
  const body = objOf(json) ?? {};
  const need = (bit: bigint) => {
    if (!hasPermission(permissions, bit)) throw Errors.missingPermissions();
  };
  need(Permission.SendMessages);
  if (files.length > 0) need(Permission.AttachFiles);
  if (arrayOf(body.embeds).length > 0) need(Permission.EmbedLinks);
  validateBody(ctx, {
    method: req.method,
    route: req.route,
    schema: 'MessageCreateRequest',
    body,
    limits: [...checkMessageLimits(body, files.length), ...checkNonce(body.nonce)],
  });
  if (isEmptyRequest(body, files)) throw rejectEmpty(ctx, req.method, req.route);
  const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? body.nonce : undefined;
  if (nonce !== undefined && body.enforce_nonce === true) {
    const earlier = ctx.store.get(ctx.nonces.find(ctx.world.bot.id, nonce) ?? '');
    // The same author and nonce within the window: Discord returns that message and creates nothing.
    if (earlier && !earlier.deleted) return { status: 200, body: earlier.data };
  }
  let reference: { reference: APIMessageReference; message: StoredMessage['data'] | null } | undefined;
  const ref = objOf(body.message_reference);
  if (ref) {
    need(Permission.ReadMessageHistory);
    const target = ctx.store.get(stringOf(ref.message_id) ?? '');
    const found =
      target && !target.deleted && target.channelId === channel.id && target.visibleTo === null ? target : undefined;
    if (!found && ref.fail_if_not_exists !== false) {
      throw rejectAsViolation(ctx, req.method, req.route, [
        { path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' },
      ]);
    }
    if (found) {
      reference = {
        reference: { type: 0, message_id: found.id, channel_id: channel.id, guild_id: channel.guildId },
        message: found.data,
      };
    }
  }
  const built = createMessageData(
    ctx,
    {
      channelId: channel.id,
      author: apiUser(ctx.world.bot),
      type: reference ? 19 : 0,
      ephemeral: false,
      ...(reference ? { reference } : {}),
    },
    body,
    files,
  );
  const message = ctx.store.create({ data: built.data, files: built.files, visibleTo: null, interactionId: null });
  if (nonce !== undefined) ctx.nonces.remember(ctx.world.bot.id, nonce, message.id);
  return { status: 200, body: message.data };
}

/** "nonce: integer or string, up to 25 characters" (Create Message); the schema checks it too, but may be off. */
function checkNonce(nonce: unknown): FieldError[] {
  if (nonce === undefined || nonce === null) return [];
  if (typeof nonce === 'string' ? nonce.length <= 25 : Number.isSafeInteger(nonce) && String(nonce).length <= 25)
    return [];
  return [
    {
      path: ['nonce'],
      code: typeof nonce === 'string' ? 'BASE_TYPE_MAX_LENGTH' : 'BASE_TYPE_BAD_TYPE',
      message: typeof nonce === 'string' ? 'Must be 25 or fewer in length.' : 'Must be a string or an integer.',
    },
  ];
}

async function editMessage(ctx: EmulatorContext, req: RestRequest): Promise<RestResponse> {
  const { channel } = channelFor(ctx, req);
  const message = messageIn(ctx, channel, req.params.message);
  if (message.data.author.id !== ctx.world.bot.id) throw Errors.cannotEditOthers();
  const { json, files } = await req.payload();
  checkFileSizes(files, ctx.config.channelAttachmentLimit);
  validateBody(ctx, {
    method: req.method,
    route: req.route,
    schema: 'MessageEditRequestPartial',
    body: json ?? {},
    limits: checkMessageLimits(json, files.length),
  });
  const patched = patchMessageData(ctx, message.data, message.files, json, files);
  if (isEmptyMessage(patched.data)) throw rejectEmpty(ctx, req.method, req.route);
  return { status: 200, body: ctx.store.update(message.id, patched.data, patched.files).data };
}

/** Discord: "If the current user is missing the READ_MESSAGE_HISTORY permission in the channel, no messages". */
function listMessages(ctx: EmulatorContext, req: RestRequest): RestResponse {
  const { channel, permissions } = channelFor(ctx, req);
  if (!hasPermission(permissions, Permission.ReadMessageHistory)) return { status: 200, body: [] };
  const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 50) || 50, 1), 100);
  const snowflake = (key: string) => {
    const value = req.query.get(key);
    return value && /^\d{1,20}$/.test(value) ? value : null;
  };
  // `after` pages forward from the oldest match, like Discord; the page is found by binary search, not a scan.
  const page = ctx.store.page(
    channel.id,
    { before: snowflake('before'), after: snowflake('after'), limit },
    (m) => m.visibleTo === null,
  );
  return { status: 200, body: page.map((m) => m.data) };
}

/** Get Channel Message needs VIEW_CHANNEL and READ_MESSAGE_HISTORY. */
function getMessage(ctx: EmulatorContext, req: RestRequest): RestResponse {
  const { channel, permissions } = channelFor(ctx, req);
  if (!hasPermission(permissions, Permission.ReadMessageHistory)) throw Errors.missingAccess();
  return { status: 200, body: messageIn(ctx, channel, req.params.message).data };
}

export const channelRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    pattern: '/channels/:channel/messages',
    auth: true,
    name: 'channel-messages-list',
    handler: listMessages,
  },
  {
    method: 'POST',
    pattern: '/channels/:channel/messages',
    auth: true,
    name: 'channel-message-create',
    handler: createMessage,
  },
  {
    method: 'GET',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
    name: 'channel-message-get',
    handler: getMessage,
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
    name: 'channel-message-edit',
    handler: editMessage,
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
    name: 'channel-message-delete',
    handler: (ctx, req) => {
      const { channel, permissions } = channelFor(ctx, req);
      const message = messageIn(ctx, channel, req.params.message);
      if (message.data.author.id !== ctx.world.bot.id && !hasPermission(permissions, Permission.ManageMessages)) {
        throw Errors.missingPermissions();
      }
      ctx.store.delete(message.id);
      return { status: 204 };
    },
  },
];
