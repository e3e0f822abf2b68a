import type { Budget } from '../budget/budget.js';
import type { ContentPolicy } from '../content/content-policy.js';
import type { Moderation } from '../moderation/moderation.js';
import type { ModelId } from '../stability/models.js';
import type { Job, JobKind } from '../domain/job.js';

export interface AdmissionRequest {
  guildId?: string;
  userId: string;
  /** The roles the member holds in the guild (role limit overrides apply through them). */
  roleIds?: readonly string[];
  kind: JobKind;
  model: ModelId;
  count: number;
  /** The prompts, for the guild's blocklist and NSFW list (no content check without a prompt). */
  prompt?: string;
  negativePrompt?: string;
  /** The channel is age-restricted (the NSFW list does not apply there). */
  channelNsfw?: boolean;
  /** What the job reserves against the guild's and member's daily budgets (no budget check without it). */
  estimatedCredits?: number;
}

/** `passId`: a moderator's one-time pass let the prompt through; `admitted` uses it up once the job exists. */
export type AdmissionResult = { ok: true; passId?: number } | { ok: false; message: string };

export type Admission = ReturnType<typeof createAdmission>;

/**
 * The fast local check before anything is queued or deferred: it must answer well inside Discord's 3 s window, so it
 * reads only SQLite and memory. A refusal names the limit, its value and when it frees up.
 */
export function createAdmission(deps: {
  accepting: () => boolean;
  /** Blocks and the limits moderators set per guild, role and user (over the operator's defaults). */
  moderation: Pick<Moderation, 'check'>;
  /** Sizes the runner's per-user group (src/scheduler/job-runner.ts `setUserConcurrency`). */
  setUserConcurrency: (userId: string, maxConcurrent: number) => void;
  /** The guild's prompt lists (src/content/). */
  content?: Pick<ContentPolicy, 'check' | 'consumePass'>;
  /** Daily credit budgets (src/budget/). */
  budget?: Pick<Budget, 'check' | 'admitted'>;
}) {
  return {
    check(request: AdmissionRequest): AdmissionResult {
      if (!deps.accepting()) {
        return {
          ok: false,
          message: '⏸️ The bot is restarting and not taking new jobs right now. Try again in a minute.',
        };
      }
      const verdict = deps.moderation.check(request);
      if (!verdict.ok) return verdict;
      let passId: number | undefined;
      if (deps.content && request.guildId && request.prompt !== undefined) {
        const content = deps.content.check({
          guildId: request.guildId,
          userId: request.userId,
          prompt: request.prompt,
          channelNsfw: request.channelNsfw ?? false,
          ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
        });
        if (!content.ok) return content;
        passId = content.passId;
      }
      // Last: the money check. The job reserves its estimate by being committed right after this (same tick).
      if (deps.budget && request.guildId && request.estimatedCredits !== undefined) {
        const budget = deps.budget.check({
          guildId: request.guildId,
          userId: request.userId,
          estimatedCredits: request.estimatedCredits,
        });
        if (!budget.ok) return budget;
      }
      // The runner's groups are keyed by user, not guild: the limit of the guild this request comes from applies to
      // all of the user's jobs until their next request (one user rarely queues in two guilds at once).
      deps.setUserConcurrency(request.userId, verdict.limits.concurrent.value);
      return passId === undefined ? { ok: true } : { ok: true, passId };
    },

    /** The admitted job is committed: use up its pass, and let the budget look for alert levels crossed. */
    admitted(job: Job, result: AdmissionResult): void {
      if (result.ok && result.passId !== undefined) deps.content?.consumePass(result.passId, job.id);
      deps.budget?.admitted(job);
    },
  };
}
