// discord.js is CommonJS: its DiscordAPIError is not the one an ESM import of @discordjs/rest would give.
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Job } from '../domain/job.js';
import type { OutgoingMessage } from './job-message.js';
import { snowflakeTime, TOKEN_LIFETIME_MS } from './snowflake.js';

/** Stop using a token a little before Discord does, so a slow upload does not cross the line. @unit milliseconds */
const TOKEN_MARGIN_MS = 30_000;

export type Delivery = ReturnType<typeof createDelivery>;

export interface DeliveryResult {
  /** The message that now shows the job, when Discord told us. */
  messageId?: string;
  attachments?: { filename: string; url: string }[];
  via: 'interaction' | 'channel' | 'none';
}

interface SentMessage {
  id: string;
  attachments?: { filename: string; url: string }[];
}

function sent(message: unknown, via: DeliveryResult['via']): DeliveryResult {
  const m = message as SentMessage;
  return m.attachments ? { messageId: m.id, attachments: m.attachments, via } : { messageId: m.id, via };
}

/** Discord errors after which the interaction token cannot edit the message any more. */
const TOKEN_GONE = new Set([10008, 10015, 10062, 50027]);

/**
 * Shows a job on Discord through its interaction token while that lives, and through the bot token (a channel message
 * replying to the original) once it has expired — so a job that outlives its 15 minutes is still delivered.
 */
export function createDelivery(rest: REST, clock: Clock, logger: Logger) {
  const tokenAlive = (job: Job) =>
    job.interactionToken !== undefined &&
    clock.now() < snowflakeTime(job.interactionId) + TOKEN_LIFETIME_MS - TOKEN_MARGIN_MS;

  const body = (message: OutgoingMessage) => ({
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: message.files.map((file, index) => ({ id: String(index), filename: file.name })),
    allowed_mentions: { parse: [] },
  });

  const viaToken = async (job: Job, message: OutgoingMessage): Promise<DeliveryResult> => {
    const route = Routes.webhookMessage(job.applicationId, job.interactionToken ?? '', '@original');
    return sent(await rest.patch(route, { body: body(message), files: message.files, auth: false }), 'interaction');
  };

  const viaChannel = async (job: Job, message: OutgoingMessage, final: boolean): Promise<DeliveryResult> => {
    try {
      if (!final && job.messageId) {
        const route = Routes.channelMessage(job.channelId, job.messageId);
        return sent(await rest.patch(route, { body: body(message), files: message.files }), 'channel');
      }
      const payload = {
        ...body(message),
        ...(job.messageId ? { message_reference: { message_id: job.messageId, fail_if_not_exists: false } } : {}),
      };
      return sent(
        await rest.post(Routes.channelMessages(job.channelId), { body: payload, files: message.files }),
        'channel',
      );
    } catch (error) {
      if (error instanceof DiscordAPIError) {
        // Only the code and status: the error also carries the request body, uploaded files included.
        logger.error(
          { jobId: job.id, channelId: job.channelId, code: error.code, status: error.status },
          `could not post job ${job.id} in its channel: ${error.message}`,
        );
        return { via: 'none' };
      }
      throw error;
    }
  };

  return {
    tokenAlive,

    /**
     * Puts `message` on the job's message. `final` results that can no longer use the token become a new channel
     * message; progress updates then edit the original with the bot token instead.
     */
    async show(job: Job, message: OutgoingMessage, final: boolean): Promise<DeliveryResult> {
      if (tokenAlive(job)) {
        try {
          return await viaToken(job, message);
        } catch (error) {
          if (!(error instanceof DiscordAPIError) || typeof error.code !== 'number' || !TOKEN_GONE.has(error.code)) {
            throw error;
          }
          logger.warn(
            { jobId: job.id, code: error.code },
            'interaction message gone or token expired; using the channel',
          );
          if (!final) return { via: 'none' };
        }
      }
      return viaChannel(job, message, final);
    },
  };
}
