import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BalanceMonitor } from './budget/balance-monitor.js';
import type { Budget } from './budget/budget.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Appeals } from './content/appeals.js';
import type { ContentPolicy } from './content/content-policy.js';
import type { Action, ParsedId } from './custom-id.js';
import type { JobPublisher } from './discord/job-publisher.js';
import type { Logger } from './logger.js';
import type { Moderation } from './moderation/moderation.js';
import type { Admission } from './scheduler/admission.js';
import type { JobRunner } from './scheduler/job-runner.js';
import type { ImageFiles } from './store/image-files.js';
import type { JobStore } from './store/job-store.js';

/** Every service a command or button handler may use; built once in src/index.ts and passed down. */
export interface BotContext {
  config: Config;
  logger: Logger;
  clock: Clock;
  jobs: JobStore;
  files: ImageFiles;
  admission: Admission;
  runner: JobRunner;
  publisher: JobPublisher;
  /** Limits, blocks, usage, guild moderation settings and the audit trail (src/moderation/). */
  moderation: Moderation;
  /** Daily credit budgets per guild and member (src/budget/). */
  budget: Budget;
  /** The Stability account balance, as last read. */
  balance: BalanceMonitor;
  /** Blocklist, NSFW list and the NSFW spoiler setting (src/content/). */
  content: ContentPolicy;
  /** False-positive reports and moderators' decisions. */
  appeals: Appeals;
  /** Downloads a Discord attachment (to recover an evicted source image). */
  download: (url: string) => Promise<Uint8Array>;
}

export type ButtonHandler = (interaction: ButtonInteraction, id: ParsedId, ctx: BotContext) => Promise<void>;
export type ModalHandler = (interaction: ModalSubmitInteraction, id: ParsedId, ctx: BotContext) => Promise<void>;

/** A slash command: its registration definition, its handler, and the buttons and modals it owns. */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  buttons?: Partial<Record<Action, ButtonHandler>>;
  modals?: Partial<Record<Action, ModalHandler>>;
}
