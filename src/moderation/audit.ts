import type { Clock } from '../clock.js';
import type { AuditEntry, AuditTargetKind, ModerationStore, NewAuditEntry } from '../store/moderation-store.js';
import { type AuditAction, auditEmbed } from './audit-format.js';
import type { PostToChannel } from './mod-log.js';

export type NewAudit = Omit<NewAuditEntry, 'at' | 'action'> & { action: AuditAction };

export type PublishOutcome =
  | { posted: true; channelId: string }
  | { posted: false; channelId?: string; reason: string };

export type Audit = ReturnType<typeof createAudit>;

/**
 * The audit trail: every moderator change is stored (in the same transaction as the change, by the caller) and then
 * posted to the guild's mod-log channel when one is set. The stored row is the record; the post is a courtesy copy.
 */
export function createAudit(deps: { store: ModerationStore; clock: Clock; post: PostToChannel }) {
  return {
    record(entry: NewAudit): AuditEntry {
      return deps.store.addAudit({ ...entry, at: deps.clock.now() });
    },

    /** Posts to the guild's mod-log channel, or to `channelId` (the old channel, when the change cleared it). */
    async publish(
      entry: AuditEntry,
      channelId = deps.store.setting(entry.guildId, 'mod_log_channel'),
    ): Promise<PublishOutcome> {
      if (!channelId) return { posted: false, reason: 'no mod-log channel is set' };
      const result = await deps.post(channelId, { embeds: [auditEmbed(entry)] });
      return result.ok ? { posted: true, channelId } : { posted: false, channelId, reason: result.reason };
    },

    history(guildId: string, limit: number, target?: { kind: AuditTargetKind; id: string }): AuditEntry[] {
      return deps.store.auditLog(guildId, limit, target);
    },
  };
}
