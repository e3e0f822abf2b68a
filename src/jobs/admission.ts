import type { Budget, BudgetAlert } from '../budget/budget.js';
import type { Clock } from '../clock.js';
import type { ContentPolicy } from '../content/content-policy.js';
import type { Job, JobKind, NewJob } from '../domain/job.js';
import type { Moderation } from '../moderation/moderation.js';
import type { ModelId } from '../stability/models.js';
import type { StoredImage } from '../store/blob-store.js';
import type { Store } from '../store/store.js';

export interface AdmissionRequest {
  guildId?: string;
  userId: string;
  /** The roles the member holds in the guild (role limit overrides apply through them). */
  roleIds: readonly string[];
  kind: JobKind;
  model: ModelId;
  count: number;
  /** The prompts, for the guild's blocklist and NSFW list. */
  prompt: string;
  negativePrompt?: string;
  /** An editing tool's own prompts (what to change, what it becomes), checked like the prompt. */
  editPrompts?: readonly string[];
  /** The channel is age-restricted (the NSFW list does not apply there). */
  channelNsfw: boolean;
  /** What the job reserves against the guild's and member's daily budgets. */
  estimatedCredits: number;
  /** The member's own image is used (the `image_input` limit), and the endpoint takes no model. */
  imageInput?: boolean;
  noModel?: boolean;
}

export type AdmissionResult = { ok: true; job: Job; alert?: BudgetAlert } | { ok: false; message: string };

export type Admission = ReturnType<typeof createAdmission>;

export const RESTARTING_MESSAGE = '⏸️ The bot is restarting and not taking new jobs right now. Try again in a minute.';
export const STORE_DOWN_MESSAGE =
  '💾 The bot cannot save new jobs right now (a storage problem on its side). Nothing was queued or charged; ' +
  'try again in a few minutes.';

/**
 * Everything that decides whether a request becomes a job — blocks, limits, the guild's prompt lists, daily
 * budgets — checked and the job written in one transaction holding the member's and the server's locks, so two
 * processes admitting for the same member or server at the same instant take turns and cannot overshoot anything.
 */
export function createAdmission(deps: {
  store: Store;
  clock: Clock;
  accepting: () => boolean;
  /** False while the store is known to refuse writes (the health probe's last word). */
  storeWritable: () => boolean;
  moderation: Pick<Moderation, 'check'>;
  content: Pick<ContentPolicy, 'check' | 'consumePass'>;
  budget: Pick<Budget, 'check' | 'admittedIn' | 'announce'>;
}) {
  return {
    /** `inputs`: the member's images, kept with the job in the same transaction so no dispatcher sees it without them. */
    async admit(
      request: AdmissionRequest,
      job: Omit<NewJob, 'maxConcurrent'>,
      inputs: readonly StoredImage[] = [],
    ): Promise<AdmissionResult> {
      if (!deps.accepting()) return { ok: false, message: RESTARTING_MESSAGE };
      if (!deps.storeWritable()) return { ok: false, message: STORE_DOWN_MESSAGE };
      const result = await deps.store.transaction(async (tx): Promise<AdmissionResult> => {
        const guildId = request.guildId;
        await tx.lock(`member:${guildId ?? 'dm'}:${request.userId}`);
        const verdict = await deps.moderation.check(request, tx);
        if (!verdict.ok) return verdict;
        let passId: number | undefined;
        if (guildId) {
          const content = await deps.content.check(
            {
              guildId,
              userId: request.userId,
              prompt: request.prompt,
              channelNsfw: request.channelNsfw,
              ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
              ...(request.editPrompts ? { editPrompts: request.editPrompts } : {}),
            },
            tx,
          );
          if (!content.ok) return content;
          passId = content.passId;
          // Last: the money. The job reserves its estimate by being written in this same transaction. The server's
          // lock only from here: everything before is the member's own (their lock covers it), so a busy server's
          // admissions queue behind one another only for the budget and the insert (always member, then server:
          // the same order everywhere, so no two admissions can deadlock).
          await tx.lock(`guild:${guildId}`);
          const budget = await deps.budget.check(
            { guildId, userId: request.userId, estimatedCredits: request.estimatedCredits },
            tx,
          );
          if (!budget.ok) return budget;
        }
        const created = await tx.jobs.create(
          { ...job, maxConcurrent: verdict.limits.concurrent.value },
          deps.clock.now(),
        );
        if (passId !== undefined) await deps.content.consumePass(tx, passId, created.id);
        for (const [index, image] of inputs.entries()) {
          await tx.blobs.save(created.id, 'input', index, image, deps.clock.now());
        }
        const alert = await deps.budget.admittedIn(tx, created);
        return alert ? { ok: true, job: created, alert } : { ok: true, job: created };
      });
      if (result.ok && result.alert) void deps.budget.announce(result.alert);
      return result;
    },
  };
}
