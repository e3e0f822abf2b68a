import { AttachmentRefusedError, type FetchImage, MAX_INPUT_BYTES } from '../attachments/download.js';
import type { Clock } from '../clock.js';
import { checkInput, type ImageRequestKind } from '../stability/input-limits.js';
import type { ImageField } from '../stability/request.js';
import type { StoredImage } from '../store/blob-store.js';
import { UserError } from '../user-error.js';
import type { JobInteraction } from './submit.js';

/** A file a member gave: an ATTACHMENT option, or an attachment of a message an app was used on. */
export interface GivenFile {
  url: string;
  filename: string;
  /** What Discord says; checked before downloading, and the download counts the real bytes anyway. @unit bytes */
  size?: number;
  contentType?: string;
}

export interface GivenImageRequest {
  file: GivenFile;
  /** How a refusal names it when a job takes several (`style`); absent for the only one. */
  label?: string;
  /** The endpoint it goes to, whose pixel limits it must meet (a larger image is shrunk when sent). */
  kind: ImageRequestKind;
  field?: ImageField;
  /** What the member is doing, for the pixel-limit message ("a sketch"). */
  purpose: string;
}

export interface GivenImagesDeps {
  fetchImage: FetchImage;
  clock: Clock;
}

/**
 * How long after the interaction was created a download may run before the bot acknowledges it: Discord allows 3 s
 * for the first answer, and admission plus the reply itself need a few hundred milliseconds of the rest.
 * @unit milliseconds
 */
export const DOWNLOAD_BUDGET_MS = 2_000;

const ACCEPTED_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/webp']);

function prefix(request: GivenImageRequest): string {
  return request.label ? `**${request.label}**: ` : '';
}

/** What a member can be told before anything is downloaded: Discord's own size and type say enough. */
function precheck(request: GivenImageRequest): void {
  const { file } = request;
  if (file.size !== undefined && file.size > MAX_INPUT_BYTES) {
    throw new UserError(
      `🖼️ ${prefix(request)}\`${file.filename}\` is ${(file.size / 1024 / 1024).toFixed(1)} MiB; ` +
        `Stability takes images of at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB. Nothing was queued or charged.`,
    );
  }
  const type = file.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && !ACCEPTED_TYPES.has(type)) {
    throw new UserError(
      `🖼️ ${prefix(request)}\`${file.filename}\` is not an image Stability takes (${type}); ` +
        'attach a PNG, JPEG or WebP. Nothing was queued or charged.',
    );
  }
}

function refusal(request: GivenImageRequest, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const reason =
    error instanceof AttachmentRefusedError
      ? error.message
      : 'Discord did not hand over the image in time; try again in a moment.';
  return new UserError(`🖼️ ${prefix(request)}${reason} Nothing was queued or charged.`);
}

function checkPixels(request: GivenImageRequest, image: StoredImage): void {
  const check = checkInput(request.kind, image.width ?? 0, image.height ?? 0, request.field);
  if (check.ok) return;
  const problem = check.reason.replace(/^[a-z_]+: /, '');
  throw new UserError(
    `🖼️ ${prefix(request)}That image ${problem}, so it cannot be used for ${request.purpose}. ` +
      'Nothing was queued or charged.',
  );
}

/**
 * Downloads and checks a member's images before any job exists. Discord allows 3 s for the first answer: what is
 * downloaded within `DOWNLOAD_BUDGET_MS` of the interaction goes on to one ordinary reply; a slower download first
 * defers publicly (the member sees "thinking…") and carries on. A refusal after that deletes the deferred reply, so
 * the refusal is only ever seen by the member, as an ephemeral follow-up (the router sends it for the UserError).
 */
export async function fetchGivenImages(
  interaction: JobInteraction,
  deps: GivenImagesDeps,
  requests: readonly GivenImageRequest[],
): Promise<StoredImage[]> {
  for (const request of requests) precheck(request);
  const downloads = requests.map(async (request): Promise<StoredImage> => {
    let image: StoredImage;
    try {
      const fetched = await deps.fetchImage(request.file.url);
      image = { bytes: fetched.bytes, mime: fetched.mime, width: fetched.width, height: fetched.height };
    } catch (error) {
      throw refusal(request, error);
    }
    checkPixels(request, image);
    return image;
  });
  const all = Promise.all(downloads);
  // Handled here as well: if the deadline wins the race, a refusal must not surface as an unhandled rejection.
  all.catch(() => undefined);
  const wait = interaction.createdTimestamp + DOWNLOAD_BUDGET_MS - deps.clock.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, wait));
  });
  const first = await Promise.race([
    all.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (first === 'late' && !interaction.deferred && !interaction.replied) await interaction.deferReply();
  try {
    return await all;
  } catch (error) {
    if (interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
    throw error;
  }
}
