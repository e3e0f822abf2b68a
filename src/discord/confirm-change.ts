import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { AuditEntry } from '../domain/audit.js';
import type { Audit } from '../moderation/audit.js';

/**
 * Tells the moderator their change is saved, then copies its audit entry to the mod-log. The change and its audit row
 * are already committed; a mod-log the bot cannot write to only earns the moderator a warning.
 */
export async function confirmChange(
  interaction: ChatInputCommandInteraction,
  audit: Pick<Audit, 'publish'>,
  content: string,
  entry: AuditEntry,
  channelId?: string,
): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  const outcome = await (channelId === undefined ? audit.publish(entry) : audit.publish(entry, channelId));
  if (!outcome.posted && outcome.channelId) {
    await interaction.followUp({
      content:
        `⚠️ Saved in the audit trail (#${entry.id}), but I could not post it in <#${outcome.channelId}>: ` +
        `${outcome.reason}. Check that I can view and send messages there.`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  }
}
