import type { EmulatorContext } from '../../context.js';
import type { AnyInteractionRecord } from '../../interactions/registry.js';
import { checkFileSizes, createInteractionMessage } from '../../interactions/response-messages.js';
import { isEmptyMessage, isEmptyRequest, patchMessageData } from '../../messages/build.js';
import type { StoredMessage } from '../../types.js';
import { checkMessageLimits, MessageFlag } from '../../validation/limits.js';
import { rejectEmpty, validateBody } from '../../validation/validate.js';
import { Errors } from '../errors.js';
import type { RestRequest, RestResponse, RouteDefinition } from '../router.js';

/**
 * Interaction webhooks (token routes, no Authorization): unknown token → 10015; token older than 15 minutes →
 * 401/50027, measured with the emulator clock; a never-acknowledged interaction's token dies after 3 s.
 */
function interactionFor(ctx: EmulatorContext, req: RestRequest): AnyInteractionRecord {
  if (req.params.application !== ctx.config.applicationId) throw Errors.unknownWebhook();
  const record = ctx.interactions.byToken(req.params.token ?? '');
  if (!record) throw Errors.unknownWebhook();
  const age = ctx.clock.now() - record.createdAt;
  if (age > ctx.config.tokenLifetimeMs) throw Errors.invalidWebhookToken();
  if (!record.response && age > ctx.config.responseWindowMs) throw Errors.unknownWebhook();
  return record;
}

function messageFor(ctx: EmulatorContext, record: AnyInteractionRecord, param: string | undefined): StoredMessage {
  const id = param === '@original' ? record.originalMessageId : param;
  if (!id || (id !== record.originalMessageId && !record.followUpIds.includes(id))) throw Errors.unknownMessage();
  const message = ctx.store.get(id);
  if (!message || message.deleted) throw Errors.unknownMessage();
  return message;
}

async function editMessage(ctx: EmulatorContext, req: RestRequest): Promise<RestResponse> {
  const record = interactionFor(ctx, req);
  const message = messageFor(ctx, record, req.params.message);
  const { json, files } = await req.payload();
  checkFileSizes(files, ctx.config.attachmentSizeLimit);
  validateBody(ctx, {
    method: req.method,
    route: req.route,
    schema: 'IncomingWebhookUpdateRequestPartial',
    body: json ?? {},
    limits: checkMessageLimits(json, files.length),
  });
  const patched = patchMessageData(ctx, message.data, message.files, json, files);
  if (isEmptyMessage(patched.data)) throw rejectEmpty(ctx, req.method, req.route);
  return { status: 200, body: ctx.store.update(message.id, patched.data, patched.files).data };
}

async function followUp(ctx: EmulatorContext, req: RestRequest): Promise<RestResponse> {
  const record = interactionFor(ctx, req);
  // A modal or autocomplete answer leaves nothing to follow up on.
  if (!record.response || record.response.type === 9 || record.response.type === 8) throw Errors.unknownWebhook();
  const { json, files } = await req.payload();
  checkFileSizes(files, ctx.config.attachmentSizeLimit);
  validateBody(ctx, {
    method: req.method,
    route: req.route,
    schema: 'IncomingWebhookRequestPartial',
    body: json ?? {},
    limits: checkMessageLimits(json, files.length),
  });
  if (isEmptyRequest(json, files)) throw rejectEmpty(ctx, req.method, req.route);
  const original = record.originalMessageId ? ctx.store.get(record.originalMessageId) : undefined;
  let message: StoredMessage;
  if (
    record.response.type === 5 &&
    record.followUpIds.length === 0 &&
    original &&
    !original.deleted &&
    ((original.data.flags ?? 0) & MessageFlag.Loading) !== 0
  ) {
    // Discord's (deprecated but live) rule: the first follow-up after a deferred reply fills in the loading message.
    ctx.diagnostics.logger.warn('follow-up after a deferred reply replaced the loading message; prefer editReply()');
    const patched = patchMessageData(ctx, original.data, original.files, json, files);
    message = ctx.store.update(original.id, patched.data, patched.files);
  } else {
    message = createInteractionMessage(ctx, record, json, files, 'follow-up');
  }
  return req.query.get('wait') === 'true' ? { status: 200, body: message.data } : { status: 204 };
}

export const webhookRoutes: readonly RouteDefinition[] = [
  { method: 'POST', pattern: '/webhooks/:application/:token', auth: false, name: 'followup', handler: followUp },
  {
    method: 'GET',
    pattern: '/webhooks/:application/:token/messages/:message',
    auth: false,
    name: 'webhook-get',
    handler: (ctx, req) => {
      const record = interactionFor(ctx, req);
      return { status: 200, body: messageFor(ctx, record, req.params.message).data };
    },
  },
  {
    method: 'PATCH',
    pattern: '/webhooks/:application/:token/messages/:message',
    auth: false,
    name: 'webhook-edit',
    handler: editMessage,
  },
  {
    method: 'DELETE',
    pattern: '/webhooks/:application/:token/messages/:message',
    auth: false,
    name: 'webhook-delete',
    handler: (ctx, req) => {
      const record = interactionFor(ctx, req);
      ctx.store.delete(messageFor(ctx, record, req.params.message).id);
      return { status: 204 };
    },
  },
];
