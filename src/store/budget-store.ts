import type { Kysely } from 'kysely';
import type { BudgetUse } from '../domain/budget.js';
import type { DB } from './schema.js';

export type BudgetStore = ReturnType<typeof createBudgetStore>;

/**
 * Budgets are read from the jobs table, like usage: a queued or running job reserves its estimate, an ended one
 * counts what it was charged (nothing for a 403 or a cancel; the estimate where a charge is unknowable). Settlement
 * is therefore the job's own end, and the books cannot drift from the jobs. A job belongs to the UTC day it was
 * admitted on.
 */
export function createBudgetStore(db: Kysely<DB>) {
  const sums = (guildId: string, dayStart: number, userId?: string) => {
    let query = db.selectFrom('jobs').where('guild_id', '=', guildId).where('created_at', '>=', dayStart);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return query
      .select((eb) => {
        const active = eb.case().when('state', 'in', ['queued', 'running']);
        return [
          eb.fn
            .coalesce(eb.fn.sum<number>(active.then(0).else(eb.ref('charged_credits')).end()), eb.lit(0))
            .as('spent'),
          eb.fn
            .coalesce(
              eb.fn.sum<number>(
                eb.case().when('state', 'in', ['queued', 'running']).then(eb.ref('estimated_credits')).else(0).end(),
              ),
              eb.lit(0),
            )
            .as('reserved'),
        ];
      })
      .executeTakeFirst();
  };
  const use = (row: { spent: number; reserved: number } | undefined): BudgetUse => ({
    spent: Number(row?.spent ?? 0),
    reserved: Number(row?.reserved ?? 0),
  });

  return {
    async guildDay(guildId: string, dayStart: number): Promise<BudgetUse> {
      return use(await sums(guildId, dayStart));
    },

    async memberDay(guildId: string, userId: string, dayStart: number): Promise<BudgetUse> {
      return use(await sums(guildId, dayStart, userId));
    },

    /** Records that `level` was announced for that day; false when it already was (announce once). */
    async markAlert(guildId: string, dayStart: number, level: number, at: number): Promise<boolean> {
      const result = await db
        .insertInto('budget_alerts')
        .values({ guild_id: guildId, day: dayStart, level, at })
        .onConflict((oc) => oc.columns(['guild_id', 'day', 'level']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}
