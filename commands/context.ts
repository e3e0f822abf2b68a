import type { FetchImage } from '../src/attachments/download.js';
import type { BalanceMonitor } from '../src/budget/balance-monitor.js';
import type { Budget } from '../src/budget/budget.js';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import type { Appeals } from '../src/content/appeals.js';
import type { ContentPolicy } from '../src/content/content-policy.js';
import type { JobDelivery } from '../src/discord/delivery.js';
import type { Job } from '../src/domain/job.js';
import type { JobQueue, SubmitServices } from '../src/jobs/submit.js';
import type { Logger } from '../src/logger.js';
import type { Moderation } from '../src/moderation/moderation.js';
import type { JobMessage } from '../src/render/job-message.js';
import type { Settings } from '../src/settings/settings.js';
import type { StoredImage } from '../src/store/blob-store.js';
import type { Store } from '../src/store/store.js';

/**
 * Every service a command, button or modal may use: built once by the composition root (src/app.ts) and passed to
 * each handler. Commands reach state only through this, never through imports.
 */
export interface BotContext {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  submit: SubmitServices;
  queue: JobQueue;
  delivery: JobDelivery;
  /** Limits, blocks, usage, guild moderation settings and the audit trail. */
  moderation: Moderation;
  /** Daily credit budgets per guild and member. */
  budget: Budget;
  /** The Stability account balance, as last read. */
  balance: BalanceMonitor;
  /** Blocklist, NSFW list and the NSFW spoiler setting. */
  content: ContentPolicy;
  /** False-positive reports and moderators' decisions. */
  appeals: Appeals;
  /** A job's message as it stands now (for /show, cancel and the first reply). */
  render(job: Job): Promise<JobMessage>;
  /** An image of a job: kept in the store, or fetched again from the message it was posted in. */
  sourceImage(jobId: string, index: number): Promise<StoredImage>;
  fetchImage: FetchImage;
  /** Members' personal defaults (`/settings`), the same in every server. */
  settings: Settings;
}
