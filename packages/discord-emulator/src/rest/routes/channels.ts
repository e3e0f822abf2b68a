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
import { Errors } from '../errors.js';
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
    limits: checkMessageLimits(body, files.length),
  });
  if (isEmptyRequest(body, files)) throw rejectEmpty(ctx, req.method, req.route);
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
  return { status: 200, body: message.data };
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

function listMessages(ctx: EmulatorContext, req: RestRequest): RestResponse {
  const { channel, permissions } = channelFor(ctx, req);
  if (!hasPermission(permissions, Permission.ReadMessageHistory)) return { status: 200, body: [] };
  const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 50) || 50, 1), 100);
  const before = req.query.get('before');
  const after = req.query.get('after');
  const all = ctx.store.list(channel.id).filter((m) => m.visibleTo === null);
  const newestFirst = all
    .filter((m) => (before ? BigInt(m.id) < BigInt(before) : true) && (after ? BigInt(m.id) > BigInt(after) : true))
    .reverse();
  // `after` pages forward from the oldest match, like Discord.
  const page = after ? newestFirst.slice(-limit) : newestFirst.slice(0, limit);
  return { status: 200, body: page.map((m) => m.data) };
}

export const channelRoutes: readonly RouteDefinition[] = [
  { method: 'GET', pattern: '/channels/:channel/messages', auth: true, handler: listMessages },
  { method: 'POST', pattern: '/channels/:channel/messages', auth: true, handler: createMessage },
  {
    method: 'GET',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
    handler: (ctx, req) => ({
      status: 200,
      body: messageIn(ctx, channelFor(ctx, req).channel, req.params.message).data,
    }),
  },
  { method: 'PATCH', pattern: '/channels/:channel/messages/:message', auth: true, handler: editMessage },
  {
    method: 'DELETE',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
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
