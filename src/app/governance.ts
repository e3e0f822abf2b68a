import { createBalanceMonitor } from '../budget/balance-monitor.js';
import { createBudget } from '../budget/budget.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createAppeals } from '../content/appeals.js';
import { createContentPolicy } from '../content/content-policy.js';
import type { PostToChannel } from '../domain/ports.js';
import type { ImageBackend } from '../images/backend.js';
import type { Logger } from '../logger.js';
import { createAudit } from '../moderation/audit.js';
import { createModeration } from '../moderation/moderation.js';
import type { Metrics } from '../operations/metrics.js';
import type { Store } from '../store/store.js';

export interface GovernanceDeps {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  post: PostToChannel;
  backend: ImageBackend;
  metrics: Metrics;
  /**
   * Whether this process posts the low-balance warning: only the dispatcher does, so several processes watching the
   * one account warn the mod-log channels once, not once each. Default: always (one process).
   */
  warnsOfBalance?: () => boolean;
}

const lowBalanceText = (credits: number, threshold: number) =>
  `⚠️ **The Stability account is running low: ${credits} credits left** (warning below ${threshold}). ` +
  'Jobs start failing when it reaches 0; the operator should top it up.';

/** What decides who may do what and spend how much: moderation, budgets, the content policy and appeals. */
export function buildGovernance(deps: GovernanceDeps) {
  const { config, store, clock, logger, post } = deps;
  const audit = createAudit({ store, clock, post });
  const moderation = createModeration({ store, audit, limits: config.limits, clock });
  const budget = createBudget({ store, audit, post, clock, logger });
  const content = createContentPolicy({ store, audit, clock, logger, post });
  const appeals = createAppeals({ store, audit, clock, logger, post });
  const readBalance = deps.backend.balance?.bind(deps.backend);
  const balance = createBalanceMonitor({
    ...(readBalance ? { read: readBalance } : {}),
    clock,
    logger,
    intervalMs: config.balance.checkIntervalMs,
    warnBelow: config.balance.warnBelowCredits,
    onReading: (credits) => deps.metrics.setBalance(credits),
    onLow: async (credits) => {
      if (deps.warnsOfBalance && !deps.warnsOfBalance()) return;
      const channels = await store.moderation.settingEverywhere('mod_log_channel');
      const content = lowBalanceText(credits, config.balance.warnBelowCredits);
      await Promise.all(channels.map(({ value }) => post(value, { content })));
    },
  });
  return { audit, moderation, budget, content, appeals, balance };
}

export type Governance = ReturnType<typeof buildGovernance>;
