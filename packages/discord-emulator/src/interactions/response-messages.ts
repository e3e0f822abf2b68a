import type { APIMessageInteractionMetadata } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import { type BuiltMessage, createMessageData } from '../messages/build.js';
import type { UploadedFile } from '../rest/body.js';
import { Errors } from '../rest/errors.js';
import type { StoredMessage } from '../types.js';
import { MessageFlag } from '../validation/limits.js';
import { numberOf, objOf } from '../validation/shape.js';
import { apiUser } from '../wire.js';
import type { AnyInteractionRecord } from './registry.js';

/** Per-file limit: the interaction's `attachment_size_limit` on interaction routes, 10 MiB on channel routes. */
export function checkFileSizes(files: readonly UploadedFile[], limit: number): void {
  if (files.some((f) => f.bytes.length > limit)) throw Errors.entityTooLarge();
}

export function interactionMetadata(
  ctx: EmulatorContext,
  record: AnyInteractionRecord,
  followUp: boolean,
): APIMessageInteractionMetadata {
  const user = ctx.world.users.get(record.userId);
  const base = {
    id: record.id,
    user: user
      ? apiUser(user)
      : { id: record.userId, username: 'unknown', discriminator: '0', global_name: null, avatar: null },
    authorizing_integration_owners: { '0': record.guildId },
    ...(followUp && record.originalMessageId ? { original_response_message_id: record.originalMessageId } : {}),
  };
  if (record.type === 3)
    return { ...base, type: 3, interacted_message_id: record.sourceMessageId ?? '' } as APIMessageInteractionMetadata;
  if (record.type === 5) return { ...base, type: 5 } as APIMessageInteractionMetadata;
  // Context-menu commands name their target, as Discord's metadata does.
  const target = record.targetId
    ? record.commandType === 2
      ? { target_user: targetUser(ctx, record.targetId) }
      : record.commandType === 3
        ? { target_message_id: record.targetId }
        : {}
    : {};
  return { ...base, type: 2, ...target } as APIMessageInteractionMetadata;
}

function targetUser(ctx: EmulatorContext, id: string) {
  const user = ctx.world.users.get(id);
  return user ? apiUser(user) : { id, username: 'unknown', discriminator: '0', global_name: null, avatar: null };
}

/**
 * A message the bot sends through an interaction (reply, deferred reply, follow-up): authored by the bot user,
 * `webhook_id`/`application_id` set, ephemeral when flag 64 is asked for (visible to the invoking user only).
 */
export function createInteractionMessage(
  ctx: EmulatorContext,
  record: AnyInteractionRecord,
  body: unknown,
  files: readonly UploadedFile[],
  kind: 'reply' | 'deferred' | 'follow-up',
): StoredMessage {
  const requested = numberOf(objOf(body)?.flags) ?? 0;
  const ephemeral = (requested & MessageFlag.Ephemeral) !== 0;
  const built: BuiltMessage = createMessageData(
    ctx,
    {
      channelId: record.channelId,
      author: apiUser(ctx.world.bot),
      // Command responses are type 20 (CHAT_INPUT_COMMAND) or 23 (CONTEXT_MENU_COMMAND); others and follow-ups 0.
      type:
        kind !== 'follow-up' && record.type === 2
          ? record.commandType === 2 || record.commandType === 3
            ? 23
            : 20
          : 0,
      ephemeral,
      loading: kind === 'deferred',
      webhookId: ctx.config.applicationId,
      applicationId: ctx.config.applicationId,
      interactionMetadata: interactionMetadata(ctx, record, kind === 'follow-up'),
    },
    kind === 'deferred' ? {} : body,
    files,
  );
  // Recorded before the store announces the message, so a waiter woken by that announcement already finds it.
  if (kind === 'follow-up') record.followUpIds.push(built.data.id);
  return ctx.store.create({
    data: built.data,
    files: built.files,
    visibleTo: ephemeral ? record.userId : null,
    interactionId: record.id,
  });
}
