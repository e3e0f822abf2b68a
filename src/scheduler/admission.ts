import type { Moderation } from '../moderation/moderation.js';
import type { ModelId } from '../stability/models.js';
import type { JobKind } from '../store/job-types.js';

export interface AdmissionRequest {
  guildId?: string;
  userId: string;
  /** The roles the member holds in the guild (role limit overrides apply through them). */
  roleIds?: readonly string[];
  kind: JobKind;
  model: ModelId;
  count: number;
}

export type AdmissionResult = { ok: true } | { ok: false; message: string };

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
      // The runner's groups are keyed by user, not guild: the limit of the guild this request comes from applies to
      // all of the user's jobs until their next request (one user rarely queues in two guilds at once).
      deps.setUserConcurrency(request.userId, verdict.limits.concurrent.value);
      return { ok: true };
    },
  };
}
