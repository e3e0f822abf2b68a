import type { Clock } from '../clock.js';
import type { AuditEntry, AuditTargetKind, NewAuditEntry } from '../domain/audit.js';
import type { PostToChannel } from '../domain/ports.js';
import { type AuditAction, auditEmbed } from '../render/audit-format.js';
import type { Store } from '../store/store.js';

export type NewAudit = Omit<NewAuditEntry, 'at' | 'action'> & { action: AuditAction };

export type PublishOutcome =
  | { posted: true; channelId: string }
  | { posted: false; channelId?: string; reason: string };

export type Audit = ReturnType<typeof createAudit>;

/**
 * The audit trail: every moderator change is stored (in the same transaction as the change: the caller passes it)
 * and then posted to the guild's mod-log channel when one is set. The stored row is the record; the post a copy.
 */
export function createAudit(deps: { store: Store; clock: Clock; post: PostToChannel }) {
  return {
    record(tx: Store, entry: NewAudit): Promise<AuditEntry> {
      return tx.moderation.addAudit({ ...entry, at: deps.clock.now() });
    },

    /** Posts to the guild's mod-log channel, or to `channelId` (the old channel, when the change cleared it). */
    async publish(entry: AuditEntry, channelId?: string): Promise<PublishOutcome> {
      const target = channelId ?? (await deps.store.moderation.setting(entry.guildId, 'mod_log_channel'));
      if (!target) return { posted: false, reason: 'no mod-log channel is set' };
      const result = await deps.post(target, { embeds: [auditEmbed(entry)] });
      return result.ok
        ? { posted: true, channelId: target }
        : { posted: false, channelId: target, reason: result.reason };
    },

    history(guildId: string, limit: number, target?: { kind: AuditTargetKind; id: string }): Promise<AuditEntry[]> {
      return deps.store.moderation.auditLog(guildId, limit, target);
    },
  };
}
