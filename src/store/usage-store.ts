import type { Kysely } from 'kysely';
import type { DayTotals } from '../domain/usage.js';
import type { DB } from './schema.js';

export type UsageStore = ReturnType<typeof createUsageStore>;

/**
 * A user's usage, counted from the jobs table itself rather than a separate ledger, so it cannot drift from what
 * happened. The jobs_user index (guild_id, user_id, created_at) serves every query here. Refunded jobs (failed without
 * a charge, e.g. Stability's 403) are given back: they count neither in limits nor in the day's totals.
 */
export function createUsageStore(db: Kysely<DB>) {
  const counted = (guildId: string | undefined, userId: string, since: number) =>
    db
      .selectFrom('jobs')
      .where('guild_id', guildId === undefined ? 'is' : '=', guildId ?? null)
      .where('user_id', '=', userId)
      .where('created_at', '>=', since)
      .where('state', '!=', 'cancelled')
      .where('refunded', '=', 0);

  return {
    /** Creation times of counted jobs since `since`, oldest first. @unit epoch milliseconds */
    async jobTimesSince(guildId: string | undefined, userId: string, since: number): Promise<number[]> {
      const rows = await counted(guildId, userId, since).select('created_at').orderBy('created_at').execute();
      return rows.map((row) => row.created_at);
    },

    async lastJobAt(guildId: string | undefined, userId: string, since: number): Promise<number | undefined> {
      const row = await counted(guildId, userId, since)
        .select((eb) => eb.fn.max('created_at').as('at'))
        .executeTakeFirst();
      return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
    },

    async totalsSince(guildId: string | undefined, userId: string, since: number): Promise<DayTotals> {
      const row = await counted(guildId, userId, since)
        .select((eb) => [
          eb.fn.countAll<number>().as('jobs'),
          eb.fn.coalesce(eb.fn.sum<number>('charged_credits'), eb.lit(0)).as('credits'),
          eb.fn
            .coalesce(
              eb.fn.sum<number>(
                eb.case().when('state', 'in', ['queued', 'running']).then(eb.ref('estimated_credits')).else(0).end(),
              ),
              eb.lit(0),
            )
            .as('pending'),
        ])
        .executeTakeFirst();
      return {
        jobs: Number(row?.jobs ?? 0),
        credits: Number(row?.credits ?? 0),
        pendingCredits: Number(row?.pending ?? 0),
      };
    },
  };
}
