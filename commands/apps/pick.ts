import { type APIButtonComponent, ComponentType, MessageFlags } from 'discord.js';
import { messageButton } from '../../src/interactions/components.js';
import type { IdShape } from '../../src/interactions/custom-id.js';
import type { JobInteraction } from '../../src/jobs/submit.js';
import type { Rows } from '../../src/render/job-message.js';
import type { TargetMessage } from './message-images.js';

/** Discord draws at most 5 buttons a row; a message holds at most 10 attachments, so two rows at most. */
const PER_ROW = 5;

/** Buttons 1–n, one per image of the message, each naming the message and the image (not trusting either). */
export function pickerRows(button: IdShape, target: TargetMessage): Rows {
  const buttons: APIButtonComponent[] = target.images.map((_, index) =>
    messageButton(button, target.id, { label: String(index + 1) }, index),
  );
  const rows: Rows = [];
  for (let i = 0; i < buttons.length; i += PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + PER_ROW) });
  }
  return rows;
}

/** Only the member sees it: which of the message's images the app should use. */
export async function askWhichImage(
  interaction: JobInteraction,
  appName: string,
  button: IdShape,
  target: TargetMessage,
): Promise<void> {
  await interaction.reply({
    content: `That message has ${target.images.length} images: which one should **${appName}** use? (left to right)`,
    components: pickerRows(button, target),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
