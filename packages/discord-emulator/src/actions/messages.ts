import type { EmulatorContext } from '../context.js';
import { EmulatorUsageError } from '../interactions/command-options.js';
import { apiAttachment } from '../messages/attachments.js';
import { createMessageData } from '../messages/build.js';
import { storeUserFile, type UserFile } from '../messages/user-files.js';
import { Permission } from '../permissions.js';
import type { StoredMessage } from '../types.js';
import { MessageLimits } from '../validation/discord-limits.js';
import { apiUser } from '../wire.js';
import { type ChannelRef, requireView, resolveChannel, resolveUser, type UserRef } from './refs.js';

export interface UserMessage {
  readonly content?: string;
  /** Uploaded to the emulator's CDN and served from `attachments[].url`. */
  readonly files?: readonly UserFile[];
}

/** A user types a plain message (the bot sees it as MESSAGE_CREATE if it asked for GUILD_MESSAGES). */
export function sendUserMessage(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  content: string,
): StoredMessage {
  if (content.length === 0) throw new EmulatorUsageError('a message needs 1-2000 characters');
  return postUserMessage(ctx, userRef, channelRef, { content });
}

/** A user posts a message with text and/or files, as the Discord client allows (ATTACH_FILES for files). */
export function postUserMessage(
  ctx: EmulatorContext,
  userRef: UserRef,
  channelRef: ChannelRef,
  message: UserMessage,
): StoredMessage {
  const user = resolveUser(ctx, userRef);
  const channel = resolveChannel(ctx, channelRef);
  const content = message.content ?? '';
  const files = message.files ?? [];
  requireView(ctx, user, channel, Permission.SendMessages | (files.length > 0 ? Permission.AttachFiles : 0n));
  if (content.length > MessageLimits.content) throw new EmulatorUsageError('a message needs 1-2000 characters');
  if (content.length === 0 && files.length === 0) throw new EmulatorUsageError('a message needs content or files');
  if (files.length > MessageLimits.attachments)
    throw new EmulatorUsageError(`a message carries at most ${MessageLimits.attachments} files`);
  const stored = files.map((file) => storeUserFile(ctx, channel.id, file));
  const built = createMessageData(
    ctx,
    { channelId: channel.id, author: apiUser(user), type: 0, ephemeral: false },
    { content },
    [],
  );
  const data = { ...built.data, attachments: stored.map((file) => apiAttachment(file, false)) };
  return ctx.store.create({ data, files: stored, visibleTo: null, interactionId: null });
}
