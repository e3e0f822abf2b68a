import type { Clock } from '../clock.js';
import type { AuditEntry } from '../domain/audit.js';
import {
  ALERT_LEVELS,
  type AlertLevel,
  alertLevel,
  type BudgetLine,
  type BudgetScope,
  type BudgetStatus,
  type BudgetUse,
  fitsBudget,
  nextUtcMidnight,
  remainingCredits,
} from '../domain/budget.js';
import type { Job } from '../domain/job.js';
import type { PostToChannel } from '../domain/ports.js';
import { startOfUtcDay } from '../domain/time.js';
import { formatAmount, formatCredits } from '../format/credits.js';
import { relativeTime } from '../format/time.js';
import type { Logger } from '../logger.js';
import type { Audit } from '../moderation/audit.js';
import type { Store } from '../store/store.js';

const SETTING = { server: 'budget_daily', member: 'budget_member_daily' } as const;

export interface BudgetRequest {
  guildId: string;
  userId: string;
  estimatedCredits: number;
}

export type BudgetVerdict = { ok: true } | { ok: false; message: string };

/** A mod-log post announcing a budget level reached. */
export interface BudgetAlert {
  channelId: string;
  text: string;
}

export type Budget = ReturnType<typeof createBudget>;

export interface BudgetDeps {
  store: Store;
  audit: Audit;
  post: PostToChannel;
  clock: Clock;
  logger: Logger;
}

function line(cap: number | undefined, use: BudgetUse): BudgetLine {
  return cap === undefined ? { ...use } : { ...use, cap, remaining: remainingCredits(cap, use) };
}

/**
 * Daily credit budgets per guild and per member. Admission asks `check` (a job reserves its estimate by being
 * committed as queued); `admitted` and `settled` look at the guild's day afterwards and tell the mod-log once per
 * level and day when 80 % and 100 % are reached.
 */
export function createBudget(deps: BudgetDeps) {
  const { clock } = deps;

  const capOf = async (guildId: string, scope: BudgetScope, store: Store = deps.store): Promise<number | undefined> => {
    const raw = await store.moderation.setting(guildId, SETTING[scope]);
    if (raw === undefined) return undefined;
    const cap = Number(raw);
    return Number.isFinite(cap) && cap >= 0 ? cap : undefined;
  };

  const status = async (guildId: string, userId?: string, store: Store = deps.store): Promise<BudgetStatus> => {
    const now = clock.now();
    const day = startOfUtcDay(now);
    const memberCap = await capOf(guildId, 'member', store);
    const result: BudgetStatus = {
      day,
      resetsAt: nextUtcMidnight(now),
      server: line(await capOf(guildId, 'server', store), await store.budget.guildDay(guildId, day)),
    };
    if (memberCap !== undefined) result.memberCap = memberCap;
    if (userId !== undefined) result.member = line(memberCap, await store.budget.memberDay(guildId, userId, day));
    return result;
  };

  const alertText = (level: AlertLevel, server: BudgetLine, resetsAt: number): string => {
    const cap = server.cap ?? 0;
    const used = `${formatAmount(server.spent + server.reserved)} of ${formatCredits(cap)} (${formatAmount(server.spent)} spent, ${formatAmount(server.reserved)} reserved by jobs in progress)`;
    return level === 100
      ? `🛑 **Today's image budget is used up**: ${used}. New jobs are refused until it resets ${relativeTime(resetsAt)} (midnight UTC). \`/budget set\` changes it.`
      : `⚠️ **80 % of today's image budget is committed**: ${used}. It resets ${relativeTime(resetsAt)} (midnight UTC).`;
  };

  /**
   * The alert to post when the guild's day just reached a level: the highest newly reached one (lower ones it
   * skipped are marked too, so each is said once a day). Read and marked through `store`, so admission can decide
   * it in the transaction that committed the job, before another admission moves the figures.
   */
  const evaluate = async (guildId: string, store: Store): Promise<BudgetAlert | undefined> => {
    if ((await capOf(guildId, 'server', store)) === undefined) return undefined;
    const { day, resetsAt, server } = await status(guildId, undefined, store);
    const level = alertLevel(server.cap, server);
    if (level === undefined) return undefined;
    const now = clock.now();
    const fresh: AlertLevel[] = [];
    for (const l of ALERT_LEVELS) {
      if (l <= level && (await store.budget.markAlert(guildId, day, l, now))) fresh.push(l);
    }
    if (!fresh.includes(level)) return undefined;
    deps.logger.warn(
      { guildId, level, spent: server.spent, reserved: server.reserved, cap: server.cap },
      'budget alert',
    );
    const channelId = await store.moderation.setting(guildId, 'mod_log_channel');
    return channelId ? { channelId, text: alertText(level, server, resetsAt) } : undefined;
  };

  const announce = async (alert: BudgetAlert | undefined): Promise<void> => {
    if (alert) await deps.post(alert.channelId, { content: alert.text });
  };

  const refusal = (
    who: 'server' | 'member',
    cap: number,
    fit: { remaining: number; exhausted: boolean },
    estimate: number,
    resetsAt: number,
  ): string => {
    const whose = who === 'server' ? "this server's" : 'your';
    if (cap === 0) {
      return who === 'server'
        ? '💸 The moderators set this server’s daily image budget to 0 credits, so no jobs can start for now.'
        : '💸 The moderators set the daily budget per member to 0 credits, so you cannot start jobs for now.';
    }
    if (fit.exhausted) {
      return `💸 ${who === 'server' ? "This server's" : 'Your'} daily image budget is used up (${formatCredits(cap)} a day). It resets ${relativeTime(resetsAt)} (midnight UTC).`;
    }
    return (
      `💸 This job would cost about ${formatCredits(estimate)}, but only ${formatCredits(fit.remaining)} of ${whose} ` +
      `daily budget of ${formatCredits(cap)} ${fit.remaining === 1 ? 'is' : 'are'} left. Ask for fewer images or a cheaper model, ` +
      `or wait for the reset ${relativeTime(resetsAt)}.`
    );
  };

  return {
    capOf,
    status,

    /**
     * Whether the job fits today's caps, read through `store` (admission passes its transaction, holding the
     * server's lock, so two admissions cannot both take the last credits). Without a cap nothing is summed.
     */
    async check(request: BudgetRequest, store: Store = deps.store): Promise<BudgetVerdict> {
      const { guildId, estimatedCredits } = request;
      const now = clock.now();
      const day = startOfUtcDay(now);
      const serverCap = await capOf(guildId, 'server', store);
      if (serverCap !== undefined) {
        const server = fitsBudget(serverCap, await store.budget.guildDay(guildId, day), estimatedCredits);
        if (!server.ok) {
          return { ok: false, message: refusal('server', serverCap, server, estimatedCredits, nextUtcMidnight(now)) };
        }
      }
      const memberCap = await capOf(guildId, 'member', store);
      if (memberCap !== undefined) {
        const member = fitsBudget(
          memberCap,
          await store.budget.memberDay(guildId, request.userId, day),
          estimatedCredits,
        );
        if (!member.ok) {
          return { ok: false, message: refusal('member', memberCap, member, estimatedCredits, nextUtcMidnight(now)) };
        }
      }
      return { ok: true };
    },

    /** Inside the admission that committed `job`: the alert its reservation triggers, to post after the commit. */
    async admittedIn(tx: Store, job: Job): Promise<BudgetAlert | undefined> {
      return job.guildId ? evaluate(job.guildId, tx) : undefined;
    },

    announce,

    /** A job ended and its reservation became what it was charged (the jobs table already says so). */
    settled(job: Job): void {
      if (!job.guildId) return;
      deps.logger.debug(
        { jobId: job.id, guildId: job.guildId, reserved: job.estimatedCredits, charged: job.chargedCredits },
        'budget reservation settled',
      );
      // Usually lower than reserved; a charge above the estimate may still cross a level.
      const guildId = job.guildId;
      deps.store
        .transaction(async (tx) => {
          await tx.lock(`guild:${guildId}`);
          return evaluate(guildId, tx);
        })
        .then(announce)
        .catch((error: unknown) => deps.logger.error({ err: error, guildId }, 'budget alert failed'));
    },

    set(actorId: string, guildId: string, scope: BudgetScope, cap: number | undefined): Promise<AuditEntry> {
      return deps.store.transaction(async (tx) => {
        const previous = await capOf(guildId, scope, tx);
        await tx.moderation.setSetting(
          guildId,
          SETTING[scope],
          cap === undefined ? undefined : String(cap),
          actorId,
          clock.now(),
        );
        return deps.audit.record(tx, {
          guildId,
          actorId,
          action: 'budget.set',
          targetKind: 'guild',
          targetId: guildId,
          before: { scope, credits: previous ?? null },
          after: { scope, credits: cap ?? null },
        });
      });
    },
  };
}
