import type { APIApplicationCommandOptionChoice, APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { EmulatorContext } from '../../context.js';
import { type AnyInteractionRecord, isAutocomplete, isMessageInteraction } from '../../interactions/registry.js';
import { checkFileSizes, createInteractionMessage } from '../../interactions/response-messages.js';
import { isEmptyMessage, isEmptyRequest, patchMessageData } from '../../messages/build.js';
import type { StoredMessage } from '../../types.js';
import { checkAutocompleteLimits, focusedOptionType } from '../../validation/autocomplete-limits.js';
import { checkMessageLimits, MessageFlag } from '../../validation/limits.js';
import { checkModalLimits } from '../../validation/modal-limits.js';
import type { DiscordSchemaName } from '../../validation/openapi.js';
import { arrayOf, numberOf, type Obj, objOf } from '../../validation/shape.js';
import { rejectAsViolation, rejectEmpty, validateBody } from '../../validation/validate.js';
import type { UploadedFile } from '../body.js';
import type { FieldError } from '../errors.js';
import { Errors } from '../errors.js';
import type { RestRequest, RestResponse, RouteDefinition } from '../router.js';

const SCHEMAS: Readonly<Record<number, DiscordSchemaName>> = {
  4: 'CreateMessageInteractionCallbackRequest',
  5: 'CreateMessageInteractionCallbackRequest',
  6: 'UpdateMessageInteractionCallbackRequest',
  7: 'UpdateMessageInteractionCallbackRequest',
  8: 'ApplicationCommandAutocompleteCallbackRequest',
  9: 'ModalInteractionCallbackRequest',
};

/** Which callback types each interaction accepts (types 6/7 need a message the interaction came from). */
function allowedTypes(record: AnyInteractionRecord): readonly number[] {
  if (record.type === 2) return [4, 5, 9];
  if (record.type === 3) return [4, 5, 6, 7, 9];
  if (record.type === 4) return [8];
  return record.sourceMessageId ? [4, 5, 6, 7] : [4, 5];
}

const prefixed = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((e) => ({ ...e, path: ['data', ...e.path] }));

function limitsFor(record: AnyInteractionRecord, type: number, data: Obj | undefined, fileCount: number): FieldError[] {
  if (type === 4 || type === 7) return prefixed(checkMessageLimits(data, fileCount));
  if (type === 9) return checkModalLimits(data);
  if (type === 8) return checkAutocompleteLimits(data, focusedOptionType(objOf(record.payload.data)?.options));
  if (type === 5 && ((numberOf(data?.flags) ?? 0) & ~MessageFlag.Ephemeral) !== 0) {
    return [
      {
        path: ['data', 'flags'],
        code: 'INTERACTION_DEFERRED_FLAGS_INVALID',
        message: 'Only EPHEMERAL (64) may be set on a deferred response',
      },
    ];
  }
  return [];
}

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
  validateBody(ctx, {
    method: req.method,
    route: req.route,
    schema: SCHEMAS[type] ?? 'CreateMessageInteractionCallbackRequest',
    body,
    limits: limitsFor(record, type, data, files.length),
  });
  const message = apply(ctx, req, record, type, data, files);
  record.response = { type, at: ctx.clock.now(), data: body.data ?? null };
  record.originalMessageId = message?.id ?? null;
  if (isMessageInteraction(record)) ctx.events.emit('interactionResponse', { interaction: record, callbackType: type });
  else if (isAutocomplete(record)) ctx.events.emit('autocomplete', { interaction: record, answered: true });

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

/** What the callback changes: the response message (4/5), the clicked message (6/7), the modal or the choices. */
function apply(
  ctx: EmulatorContext,
  req: RestRequest,
  record: AnyInteractionRecord,
  type: number,
  data: Obj | undefined,
  files: readonly UploadedFile[],
): StoredMessage | undefined {
  if (type === 4 || type === 5) {
    if (type === 4 && isEmptyRequest(data, files)) throw rejectEmpty(ctx, req.method, req.route);
    const message = createInteractionMessage(ctx, record, data ?? {}, files, type === 4 ? 'reply' : 'deferred');
    record.ephemeral = message.visibleTo !== null;
    return message;
  }
  if (type === 6 || type === 7) {
    const source = ctx.store.get(record.sourceMessageId ?? '');
    if (!source || source.deleted) throw Errors.unknownMessage();
    record.ephemeral = source.visibleTo !== null;
    if (type === 6) return source;
    const patched = patchMessageData(ctx, source.data, source.files, data ?? {}, files);
    if (isEmptyMessage(patched.data)) throw rejectEmpty(ctx, req.method, req.route);
    return ctx.store.update(source.id, patched.data, patched.files);
  }
  if (type === 8) record.choices = arrayOf(data?.choices) as APIApplicationCommandOptionChoice[];
  if (type === 9) record.modal = data as unknown as APIModalInteractionResponseCallbackData;
  return undefined;
}

export const interactionCallbackRoutes: readonly RouteDefinition[] = [
  {
    method: 'POST',
    pattern: '/interactions/:interaction/:token/callback',
    auth: false,
    name: 'callback',
    handler: callback,
  },
];
