import type { Db } from './database.js';

export interface DayTotals {
  /** Jobs started (cancelled and refunded ones left out: they cost nothing). */
  jobs: number;
  /** Credits Stability charged for them. */
  credits: number;
  /** Estimated credits of those still queued or running. */
  pendingCredits: number;
}

export type UsageStore = ReturnType<typeof createUsageStore>;

/**
 * A user's usage, counted from the jobs table itself rather than a separate ledger, so it cannot drift from what
 * happened. The jobs_user index (guild_id, user_id, created_at) serves every query here. Refunded jobs (failed without
 * a charge, e.g. Stability's 403) are given back: they count neither in limits nor in the day's totals.
 */
export function createUsageStore(db: Db) {
  const jobTimes = db.prepare(`
    SELECT created_at FROM jobs
    WHERE guild_id IS ? AND user_id = ? AND created_at >= ? AND state != 'cancelled' AND refunded = 0
    ORDER BY created_at`);
  const lastJob = db.prepare(`
    SELECT MAX(created_at) AS at FROM jobs
    WHERE guild_id IS ? AND user_id = ? AND created_at >= ? AND state != 'cancelled' AND refunded = 0`);
  const totals = db.prepare(`
    SELECT COUNT(*) AS jobs, COALESCE(SUM(charged_credits), 0) AS credits,
      COALESCE(SUM(CASE WHEN state IN ('queued','running') THEN estimated_credits ELSE 0 END), 0) AS pending
    FROM jobs WHERE guild_id IS ? AND user_id = ? AND created_at >= ? AND state != 'cancelled' AND refunded = 0`);

  return {
    /** Creation times of counted jobs since `since`, oldest first. @unit epoch milliseconds */
    jobTimesSince(guildId: string | undefined, userId: string, since: number): number[] {
      return (jobTimes.all(guildId ?? null, userId, since) as { created_at: number }[]).map((row) => row.created_at);
    },

    lastJobAt(guildId: string | undefined, userId: string, since: number): number | undefined {
      const row = lastJob.get(guildId ?? null, userId, since) as { at: number | null };
      return row.at ?? undefined;
    },

    totalsSince(guildId: string | undefined, userId: string, since: number): DayTotals {
      const row = totals.get(guildId ?? null, userId, since) as { jobs: number; credits: number; pending: number };
      return { jobs: row.jobs, credits: row.credits, pendingCredits: row.pending };
    },

    /** The guild of the user's most recent unfinished job (to size their runner group after a restart). */
    guildOfLatestActiveJob(userId: string): string | undefined {
      const row = db
        .prepare(
          "SELECT guild_id FROM jobs WHERE user_id = ? AND state IN ('queued','running') ORDER BY seq DESC LIMIT 1",
        )
        .get(userId) as { guild_id: string | null } | undefined;
      return row?.guild_id ?? undefined;
    },
  };
}
