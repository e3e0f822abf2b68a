import type { Config } from '../config.js';
import type { ModelId } from '../stability/models.js';
import type { JobStore } from '../store/job-store.js';
import type { JobKind } from '../store/job-types.js';

export interface AdmissionRequest {
  guildId?: string;
  userId: string;
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
export function createAdmission(deps: { jobs: JobStore; limits: Config['limits']; accepting: () => boolean }) {
  return {
    check(request: AdmissionRequest): AdmissionResult {
      if (!deps.accepting()) {
        return { ok: false, message: '⏸️ The bot is restarting and not taking new jobs right now. Try again in a minute.' };
      }
      if (request.count > deps.limits.maxCount) {
        return {
          ok: false,
          message: `🚦 You asked for ${request.count} images; the limit here is **${deps.limits.maxCount} per job**.`,
        };
      }
      const { queued, running } = deps.jobs.activeCounts(request.guildId, request.userId);
      if (queued >= deps.limits.queuedPerUser) {
        return {
          ok: false,
          message:
            `🚦 You already have **${queued} jobs waiting** (limit: ${deps.limits.queuedPerUser} queued per user` +
            `${running > 0 ? `, ${running} running` : ''}). A place frees up as soon as one of them starts.`,
        };
      }
      return { ok: true };
    },
  };
}
