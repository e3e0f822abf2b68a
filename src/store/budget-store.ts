import type { BudgetUse } from '../budget/budget-math.js';
import type { Db } from './database.js';

export type BudgetStore = ReturnType<typeof createBudgetStore>;

/**
 * Budgets are read from the jobs table, like usage: a queued or running job reserves its estimate, an ended one
 * counts what it was charged (nothing for a 403 or a cancel). Settlement is therefore the job's own end, and the
 * books cannot drift from the jobs. A job belongs to the UTC day it was admitted on.
 */
export function createBudgetStore(db: Db) {
  const sums = `
    COALESCE(SUM(CASE WHEN state IN ('queued','running') THEN 0 ELSE charged_credits END), 0) AS spent,
    COALESCE(SUM(CASE WHEN state IN ('queued','running') THEN estimated_credits ELSE 0 END), 0) AS reserved`;
  const guildDay = db.prepare(`SELECT ${sums} FROM jobs WHERE guild_id = ? AND created_at >= ?`);
  const memberDay = db.prepare(`SELECT ${sums} FROM jobs WHERE guild_id = ? AND user_id = ? AND created_at >= ?`);

  return {
    guildDay(guildId: string, dayStart: number): BudgetUse {
      return guildDay.get(guildId, dayStart) as BudgetUse;
    },

    memberDay(guildId: string, userId: string, dayStart: number): BudgetUse {
      return memberDay.get(guildId, userId, dayStart) as BudgetUse;
    },

    /** Records that `level` was announced for that day; false when it already was (announce once). */
    markAlert(guildId: string, dayStart: number, level: number, at: number): boolean {
      const result = db
        .prepare('INSERT OR IGNORE INTO budget_alerts (guild_id, day, level, at) VALUES (?, ?, ?, ?)')
        .run(guildId, dayStart, level, at);
      return result.changes === 1;
    },
  };
}
