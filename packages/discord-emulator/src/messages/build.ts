import type {
  APIEmbed,
  APIMessage,
  APIMessageInteractionMetadata,
  APIMessageReference,
  APIUser,
  MessageFlags,
} from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { UploadedFile } from '../rest/body.js';
import type { StoredAttachment } from '../types.js';
import { MessageFlag } from '../validation/limits.js';
import { arrayOf, isObj, type Obj, objOf, stringOf } from '../validation/shape.js';
import { apiUser } from '../wire.js';
import { apiAttachment, resolveAttachments } from './attachments.js';

export interface MessageOrigin {
  readonly channelId: string;
  readonly author: APIUser;
  /** 0 default, 19 reply, 20 chat-input command response. */
  readonly type: number;
  readonly ephemeral: boolean;
  readonly loading?: boolean;
  readonly webhookId?: string;
  readonly applicationId?: string;
  readonly interactionMetadata?: APIMessageInteractionMetadata;
  readonly reference?: { readonly reference: APIMessageReference; readonly message: APIMessage | null };
}

export interface BuiltMessage {
  readonly data: APIMessage;
  readonly files: StoredAttachment[];
}

/** Flags a bot may set or clear; EPHEMERAL and LOADING belong to the interaction, not to the payload. */
const SETTABLE_FLAGS = MessageFlag.SuppressEmbeds | MessageFlag.ComponentsV2 | 4096; /* SUPPRESS_NOTIFICATIONS */

export function createMessageData(
  ctx: EmulatorContext,
  origin: MessageOrigin,
  body: unknown,
  uploads: readonly UploadedFile[],
): BuiltMessage {
  const request = objOf(body) ?? {};
  const files = resolveAttachments(ctx, origin.channelId, request, uploads, []);
  const flags =
    ((Number(request.flags) || 0) & SETTABLE_FLAGS) |
    (origin.ephemeral ? MessageFlag.Ephemeral : 0) |
    (origin.loading ? MessageFlag.Loading : 0);
  const content = stringOf(request.content) ?? '';
  const data: APIMessage = {
    id: ctx.mint.next(),
    channel_id: origin.channelId,
    author: origin.author,
    content,
    timestamp: new Date(ctx.clock.now()).toISOString(),
    edited_timestamp: null,
    tts: request.tts === true,
    mention_everyone: false,
    mentions: mentionsIn(ctx, content),
    mention_roles: roleMentionsIn(ctx, content),
    attachments: files.map((f) => apiAttachment(f, origin.ephemeral)),
    embeds: embedsOf(request.embeds, files),
    components: componentsOf(request.components),
    pinned: false,
    type: origin.type as APIMessage['type'],
    flags: flags as MessageFlags,
    ...(origin.webhookId ? { webhook_id: origin.webhookId } : {}),
    ...(origin.applicationId ? { application_id: origin.applicationId } : {}),
    ...(origin.interactionMetadata ? { interaction_metadata: origin.interactionMetadata } : {}),
    ...(origin.reference
      ? { message_reference: origin.reference.reference, referenced_message: origin.reference.message }
      : {}),
    ...(typeof request.nonce === 'string' || typeof request.nonce === 'number' ? { nonce: request.nonce } : {}),
  };
  return { data, files };
}

/** PATCH semantics: only fields present in the body change; a deferred (loading) reply stops loading. */
export function patchMessageData(
  ctx: EmulatorContext,
  current: APIMessage,
  currentFiles: readonly StoredAttachment[],
  body: unknown,
  uploads: readonly UploadedFile[],
): BuiltMessage {
  const request: Obj = objOf(body) ?? {};
  const wasLoading = ((current.flags ?? 0) & MessageFlag.Loading) !== 0;
  const ephemeral = ((current.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
  const files = resolveAttachments(ctx, current.channel_id, request, uploads, currentFiles);
  const has = (key: string) => key in request;
  const content = has('content') ? (stringOf(request.content) ?? '') : current.content;
  const kept = (current.flags ?? 0) & ~SETTABLE_FLAGS & ~MessageFlag.Loading;
  const flags =
    has('flags') && request.flags !== null
      ? kept | (Number(request.flags) & SETTABLE_FLAGS)
      : kept | ((current.flags ?? 0) & SETTABLE_FLAGS);
  const data: APIMessage = {
    ...current,
    content,
    mentions: has('content') ? mentionsIn(ctx, content) : current.mentions,
    mention_roles: has('content') ? roleMentionsIn(ctx, content) : current.mention_roles,
    attachments: files.map((f) => apiAttachment(f, ephemeral)),
    embeds: has('embeds') ? embedsOf(request.embeds, files) : current.embeds,
    components: has('components') ? componentsOf(request.components) : (current.components ?? []),
    flags: flags as MessageFlags,
    // Filling in a deferred reply is its first real content, not an edit (Discord leaves edited_timestamp null).
    edited_timestamp: wasLoading ? null : new Date(ctx.clock.now()).toISOString(),
  };
  return { data, files };
}

export function isEmptyMessage(data: APIMessage): boolean {
  return (
    data.content === '' &&
    data.embeds.length === 0 &&
    data.attachments.length === 0 &&
    (data.components ?? []).length === 0 &&
    ((data.flags ?? 0) & MessageFlag.Loading) === 0
  );
}

/** Nothing to show: no content, embeds, components, files, stickers or poll (Discord's 50006). */
export function isEmptyRequest(body: unknown, uploads: readonly UploadedFile[]): boolean {
  const request = objOf(body) ?? {};
  return (
    (stringOf(request.content) ?? '') === '' &&
    arrayOf(request.embeds).length === 0 &&
    arrayOf(request.components).length === 0 &&
    arrayOf(request.sticker_ids).length === 0 &&
    !isObj(request.poll) &&
    uploads.length === 0
  );
}

function mentionsIn(ctx: EmulatorContext, content: string): APIUser[] {
  const ids = new Set([...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? ''));
  return [...ids].flatMap((id) => {
    const user = ctx.world.users.get(id);
    return user ? [apiUser(user)] : [];
  });
}

function roleMentionsIn(ctx: EmulatorContext, content: string): string[] {
  const ids = new Set([...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1] ?? ''));
  return [...ids].filter((id) => ctx.world.roles.has(id));
}

/** Discord stamps every component with a numeric `id` (depth-first from 1) when the bot gives none. */
function componentsOf(value: unknown): NonNullable<APIMessage['components']> {
  let next = 1;
  const stamp = (node: unknown): unknown => {
    if (!isObj(node)) return node;
    const out: Record<string, unknown> = { ...node, id: typeof node.id === 'number' ? node.id : next };
    next = Math.max(next, Number(out.id)) + 1;
    if (Array.isArray(node.components)) out.components = node.components.map(stamp);
    if (isObj(node.accessory)) out.accessory = stamp(node.accessory);
    return out;
  };
  return arrayOf(value).map(stamp) as NonNullable<APIMessage['components']>;
}

/** `attachment://name` in an embed points at one of the message's files; Discord rewrites it to the CDN URL. */
function embedsOf(value: unknown, files: readonly StoredAttachment[]): APIEmbed[] {
  const resolve = (media: unknown): unknown => {
    const m = objOf(media);
    const url = stringOf(m?.url);
    if (!m || !url?.startsWith('attachment://')) return media;
    const file = files.find((f) => f.filename === url.slice('attachment://'.length));
    return file ? { ...m, url: file.url, proxy_url: file.url } : media;
  };
  return arrayOf(value).flatMap((item) => {
    const embed = objOf(item);
    if (!embed) return [];
    const out: Record<string, unknown> = { type: 'rich', ...embed };
    if ('image' in embed) out.image = resolve(embed.image);
    if ('thumbnail' in embed) out.thumbnail = resolve(embed.thumbnail);
    return [out as APIEmbed];
  });
}
