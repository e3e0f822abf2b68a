import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { EmulatorContext } from '../../context.js';
import type { InteractionRecord } from '../../interactions/registry.js';
import { checkFileSizes, createInteractionMessage } from '../../interactions/response-messages.js';
import { isEmptyMessage, isEmptyRequest, patchMessageData } from '../../messages/build.js';
import type { StoredMessage } from '../../types.js';
import { checkMessageLimits, MessageFlag } from '../../validation/limits.js';
import { checkModalLimits } from '../../validation/modal-limits.js';
import type { DiscordSchemaName } from '../../validation/openapi.js';
import { numberOf, objOf } from '../../validation/shape.js';
import { rejectAsViolation, rejectEmpty, validateBody } from '../../validation/validate.js';
import type { FieldError } from '../errors.js';
import { Errors } from '../errors.js';
import type { RestRequest, RestResponse, RouteDefinition } from '../router.js';

const SCHEMAS: Readonly<Record<number, DiscordSchemaName>> = {
  4: 'CreateMessageInteractionCallbackRequest',
  5: 'CreateMessageInteractionCallbackRequest',
  6: 'UpdateMessageInteractionCallbackRequest',
  7: 'UpdateMessageInteractionCallbackRequest',
  9: 'ModalInteractionCallbackRequest',
};

/** Which callback types each interaction accepts (types 6/7 need a message the interaction came from). */
function allowedTypes(record: InteractionRecord): readonly number[] {
  if (record.type === 2) return [4, 5, 9];
  if (record.type === 3) return [4, 5, 6, 7, 9];
  return record.sourceMessageId ? [4, 5, 6, 7] : [4, 5];
}

const prefixed = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((e) => ({ ...e, path: ['data', ...e.path] }));

async function callback(ctx: EmulatorContext, req: RestRequest): Promise<RestResponse> {
  const record = ctx.interactions.get(req.params.interaction ?? '');
  if (!record || record.token !== req.params.token) throw Errors.unknownInteraction();
  if (record.response) {
    const error = Errors.alreadyAcknowledged();
    ctx.diagnostics.recordViolation({
      source: 'protocol',
      method: req.method,
      route: req.route,
      code: error.code,
      message: `${error.message} (interaction ${record.id} was answered with type ${record.response.type})`,
      errors: null,
    });
    throw error;
  }
  if (ctx.clock.now() - record.createdAt > ctx.config.responseWindowMs) throw Errors.unknownInteraction();
  const { json, files } = await req.payload();
  checkFileSizes(files, ctx.config.attachmentSizeLimit);
  const body = objOf(json) ?? {};
  const type = numberOf(body.type) ?? -1;
  if (!allowedTypes(record).includes(type)) {
    throw rejectAsViolation(ctx, req.method, req.route, [
      {
        path: ['type'],
        code: 'INTERACTION_CALLBACK_TYPE_INVALID',
        message: `Callback type ${type} is not valid for an interaction of type ${record.type}`,
      },
    ]);
  }
  const data = objOf(body.data);
  const limits =
    type === 4 || type === 7
      ? prefixed(checkMessageLimits(data, files.length))
      : type === 9
        ? checkModalLimits(data)
        : type === 5 && ((numberOf(data?.flags) ?? 0) & ~MessageFlag.Ephemeral) !== 0
          ? [
              {
                path: ['data', 'flags'],
                code: 'INTERACTION_DEFERRED_FLAGS_INVALID',
                message: 'Only EPHEMERAL (64) may be set on a deferred response',
              },
            ]
          : [];
  validateBody(ctx, {
    method: req.method,
    route: req.route,
    schema: SCHEMAS[type] ?? 'CreateMessageInteractionCallbackRequest',
    body,
    limits,
  });

  let message: StoredMessage | undefined;
  if (type === 4 || type === 5) {
    if (type === 4 && isEmptyRequest(data, files)) throw rejectEmpty(ctx, req.method, req.route);
    message = createInteractionMessage(ctx, record, data ?? {}, files, type === 4 ? 'reply' : 'deferred');
    record.ephemeral = message.visibleTo !== null;
  } else if (type === 6 || type === 7) {
    const source = ctx.store.get(record.sourceMessageId ?? '');
    if (!source || source.deleted) throw Errors.unknownMessage();
    message = source;
    if (type === 7) {
      const patched = patchMessageData(ctx, source.data, source.files, data ?? {}, files);
      if (isEmptyMessage(patched.data)) throw rejectEmpty(ctx, req.method, req.route);
      message = ctx.store.update(source.id, patched.data, patched.files);
    }
    record.ephemeral = source.visibleTo !== null;
  } else if (type === 9) {
    record.modal = data as unknown as APIModalInteractionResponseCallbackData;
  }
  record.response = { type, at: ctx.clock.now(), data: body.data ?? null };
  record.originalMessageId = message?.id ?? null;
  ctx.events.emit('interactionResponse', { interaction: record, callbackType: type });

  if (req.query.get('with_response') !== 'true') return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: {
        id: record.id,
        type: record.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: type === 5,
              response_message_ephemeral: record.ephemeral,
            }
          : {}),
      },
      resource: { type, ...(message ? { message: message.data } : {}) },
    },
  };
}

export const interactionCallbackRoutes: readonly RouteDefinition[] = [
  { method: 'POST', pattern: '/interactions/:interaction/:token/callback', auth: false, handler: callback },
];
