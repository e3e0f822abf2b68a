import { type APIMessage, DiscordAPIError, type Message, Routes } from 'discord.js';
import { parseResultAttachmentName } from '../../src/domain/attachments.js';
import { cleanText } from '../../src/interactions/clean-text.js';
import type { GivenFile } from '../../src/jobs/given-images.js';
import type { JobInteraction } from '../../src/jobs/submit.js';
import { UserError } from '../../src/user-error.js';
import type { BotContext } from '../context.js';

/** A message an app acts on, as the apps need it: where it is, its text, and its images in attachment order. */
export interface TargetMessage {
  id: string;
  channelId: string;
  content: string;
  images: TargetImage[];
}

export interface TargetImage extends GivenFile {
  width?: number;
  height?: number;
}

const IMAGE_TYPES = /^image\/(png|jpe?g|webp)\b/i;
const IMAGE_NAMES = /\.(png|jpe?g|webp)$/i;

/** Stability takes PNG, JPEG and WebP; Discord's type (or else the name) says which attachments may be one. */
function isImage(contentType: string | null | undefined, filename: string): boolean {
  return contentType ? IMAGE_TYPES.test(contentType) : IMAGE_NAMES.test(filename);
}

/** The message an app was used on, from the interaction Discord signed. */
export function fromInteraction(message: Message): TargetMessage {
  return {
    id: message.id,
    channelId: message.channelId,
    content: message.content,
    images: [...message.attachments.values()]
      .filter((a) => isImage(a.contentType, a.name))
      .map((a) => ({
        url: a.url,
        filename: a.name,
        size: a.size,
        ...(a.contentType ? { contentType: a.contentType } : {}),
        ...(a.width !== null ? { width: a.width } : {}),
        ...(a.height !== null ? { height: a.height } : {}),
      })),
  };
}

/**
 * The message a picker button or a prompt form names, fetched again from the interaction's own channel with the
 * bot's token: nothing but its id comes from the custom_id, so a forged id can only name a message the bot can read
 * in that channel.
 */
export async function fetchTarget(interaction: JobInteraction, messageId: string): Promise<TargetMessage> {
  const channelId = interaction.channelId;
  if (!channelId) throw new UserError('This button works in a server channel only.');
  let message: APIMessage;
  try {
    message = (await interaction.client.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
  } catch (error) {
    if (error instanceof DiscordAPIError && [10003, 10008, 50001, 50013].includes(Number(error.code))) {
      throw new UserError('That message is no longer here (or I cannot read it), so its image cannot be used.');
    }
    throw error;
  }
  return {
    id: message.id,
    channelId: message.channel_id,
    content: message.content,
    images: message.attachments
      .filter((a) => isImage(a.content_type, a.filename))
      .map((a) => ({
        url: a.url,
        filename: a.filename,
        size: a.size,
        ...(a.content_type ? { contentType: a.content_type } : {}),
        ...(typeof a.width === 'number' ? { width: a.width } : {}),
        ...(typeof a.height === 'number' ? { height: a.height } : {}),
      })),
  };
}

export function imageAt(target: TargetMessage, index: number): TargetImage {
  const image = target.images[index];
  if (!image) throw new UserError(`That message has no image #${index + 1} (any more).`);
  return image;
}

const PROMPT_MAX = 2000;

/**
 * The prompt an app's job carries: a result of this bot keeps its job's prompt; any other image the text posted
 * with it, when there is any. Empty otherwise (Vary then uses a neutral one: image-to-image needs a prompt).
 */
export async function promptOf(
  ctx: Pick<BotContext, 'store'>,
  guildId: string | null,
  target: TargetMessage,
  image: TargetImage,
): Promise<string> {
  const result = parseResultAttachmentName(image.filename);
  if (result) {
    const job = await ctx.store.jobs.get(result.jobId);
    if (job && (job.guildId ?? null) === guildId && job.params.prompt) return job.params.prompt;
  }
  return cleanText(target.content).slice(0, PROMPT_MAX);
}
