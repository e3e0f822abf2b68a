import type { Clock } from '../clock.js';
import type { AuditEntry } from '../domain/audit.js';
import type { ListName, StoredTerm, TermKind } from '../domain/content.js';
import type { PostToChannel } from '../domain/ports.js';
import type { Logger } from '../logger.js';
import type { Audit } from '../moderation/audit.js';
import type { Store } from '../store/store.js';
import {
  type CompiledList,
  compileList,
  compilePattern,
  foldWordTerm,
  MAX_WORD_LENGTH,
  matchesList,
} from './matcher.js';

/** Most entries per list: every prompt of the guild is checked against all of them inside admission. */
export const MAX_TERMS_PER_LIST = 200;

/** Compiled lists kept per guild; a guild's list is recompiled only when its entries change. */
const MAX_CACHED_LISTS = 2000;

export interface ContentRequest {
  guildId: string;
  userId: string;
  prompt: string;
  negativePrompt?: string;
  /** What an editing tool's form asked for (what to change, what it becomes): checked like the prompt. */
  editPrompts?: readonly string[];
  /** The channel is age-restricted: the NSFW list does not apply there. */
  channelNsfw: boolean;
}

export type ContentVerdict = { ok: true; passId?: number } | { ok: false; message: string };

/** No message names the term: telling someone what matched teaches them the way around it. */
export const BLOCKED_MESSAGE =
  '🚫 This prompt contains something this server does not allow, so it was not sent. Please rephrase it.';
export const BLOCKED_NEGATIVE_MESSAGE =
  '🚫 The **negative prompt** contains something this server does not allow, so it was not sent. Please rephrase it.';
export const NSFW_MESSAGE =
  '🔞 This prompt is only allowed in age-restricted channels on this server. Try it in one of those, or rephrase it.';

export type ListChange = { ok: true; entry: AuditEntry } | { ok: false; message: string };

export type ContentPolicy = ReturnType<typeof createContentPolicy>;

/**
 * The guild's prompt lists, checked in admission before a job exists: the blocklist everywhere (prompt and negative
 * prompt), the NSFW list outside age-restricted channels (prompt only: "nude" in a negative prompt asks for less of
 * it). A moderator's one-time pass lets one exact prompt of one user through once.
 */
export function createContentPolicy(deps: {
  store: Store;
  audit: Audit;
  clock: Clock;
  logger: Logger;
  post: PostToChannel;
}) {
  const { audit, clock } = deps;
  const compiled = new Map<string, { signature: string; list: CompiledList }>();

  const compiledList = async (store: Store, guildId: string, list: ListName): Promise<CompiledList> => {
    const terms = await store.content.terms(guildId, list);
    const signature = terms.map((t) => `${t.kind}:${t.enabled ? 1 : 0}:${t.folded}`).join('\n');
    const key = `${guildId}:${list}`;
    const cached = compiled.get(key);
    if (cached?.signature === signature) return cached.list;
    const fresh = compileList(terms);
    if (compiled.size >= MAX_CACHED_LISTS) compiled.delete(compiled.keys().next().value ?? key);
    compiled.set(key, { signature, list: fresh });
    return fresh;
  };

  return {
    async check(request: ContentRequest, store: Store = deps.store): Promise<ContentVerdict> {
      const { guildId, userId, prompt } = request;
      // A pass is the moderator's "retry once": the next job with that exact prompt uses it, listed or not.
      // A pass is for the exact prompt it was given for; a tool's new prompts were never looked at, so none skips them.
      const passId = request.editPrompts?.length ? undefined : await store.content.openPass(guildId, userId, prompt);
      if (passId !== undefined) {
        deps.logger.info({ guildId, userId, passId }, 'a moderator’s one-time pass skips the guild lists');
        return { ok: true, passId };
      }
      const block = await compiledList(store, guildId, 'block');
      const negative = request.negativePrompt;
      const prompts = [prompt, ...(request.editPrompts ?? [])];
      const where = prompts.some((text) => matchesList(text, block))
        ? 'prompt'
        : negative && matchesList(negative, block)
          ? 'negative'
          : !request.channelNsfw &&
              (await compiledList(store, guildId, 'nsfw').then((nsfw) =>
                prompts.some((text) => matchesList(text, nsfw)),
              ))
            ? 'nsfw'
            : undefined;
      if (where === undefined) return { ok: true };
      // The term is not logged either: the log says which list refused, which is what an operator acts on.
      deps.logger.info(
        { guildId, userId, list: where === 'nsfw' ? 'nsfw' : 'block', where },
        'prompt refused by a guild list',
      );
      const message =
        where === 'prompt' ? BLOCKED_MESSAGE : where === 'negative' ? BLOCKED_NEGATIVE_MESSAGE : NSFW_MESSAGE;
      return { ok: false, message };
    },

    async consumePass(store: Store, passId: number, jobId: string): Promise<void> {
      if (await store.content.usePass(passId, jobId, clock.now())) {
        deps.logger.info({ passId, jobId }, 'one-time pass used');
      }
    },

    terms: (guildId: string, list: ListName) => deps.store.content.terms(guildId, list),

    /** Whether results in age-restricted channels are posted as spoilers (`/modlog nsfw-spoiler`). */
    async spoilersInAgeRestricted(guildId: string, store: Store = deps.store): Promise<boolean> {
      return (await store.moderation.setting(guildId, 'nsfw_spoiler')) === 'on';
    },

    setSpoilers(actorId: string, guildId: string, on: boolean): Promise<AuditEntry> {
      return deps.store.transaction(async (tx) => {
        const previous = (await tx.moderation.setting(guildId, 'nsfw_spoiler')) === 'on' ? 'on' : 'off';
        await tx.moderation.setSetting(guildId, 'nsfw_spoiler', on ? 'on' : undefined, actorId, clock.now());
        return audit.record(tx, {
          guildId,
          actorId,
          action: 'modlog.nsfw-spoiler',
          targetKind: 'guild',
          targetId: guildId,
          before: { spoiler: previous },
          after: { spoiler: on ? 'on' : 'off' },
        });
      });
    },

    async add(actorId: string, guildId: string, list: ListName, kind: TermKind, raw: string): Promise<ListChange> {
      const term = raw.trim();
      let folded: string | undefined;
      if (kind === 'regex') {
        const pattern = compilePattern(term);
        if (!pattern.ok) return { ok: false, message: `That pattern cannot be used: ${pattern.problem}.` };
        folded = term;
      } else {
        if (term.length > MAX_WORD_LENGTH) {
          return { ok: false, message: `Words and phrases are limited to ${MAX_WORD_LENGTH} characters.` };
        }
        folded = foldWordTerm(term);
        if (!folded) return { ok: false, message: 'That has no letters or digits to match.' };
      }
      const entry: Omit<StoredTerm, 'enabled'> = { list, kind, term, folded, addedBy: actorId, addedAt: clock.now() };
      return deps.store.transaction(async (tx): Promise<ListChange> => {
        await tx.lock(`blocklist:${guildId}:${list}`);
        if ((await tx.content.terms(guildId, list)).length >= MAX_TERMS_PER_LIST) {
          return { ok: false, message: `The list is full (${MAX_TERMS_PER_LIST} entries). Remove some first.` };
        }
        if (!(await tx.content.addTerm(guildId, entry))) return { ok: false, message: 'That is already on the list.' };
        return {
          ok: true,
          entry: await audit.record(tx, {
            guildId,
            actorId,
            action: 'blocklist.add',
            targetKind: 'guild',
            targetId: guildId,
            before: null,
            after: { list, kind, term },
          }),
        };
      });
    },

    async remove(actorId: string, guildId: string, list: ListName, kind: TermKind, raw: string): Promise<ListChange> {
      const term = raw.trim();
      const folded = kind === 'regex' ? term : foldWordTerm(term);
      if (!folded) return { ok: false, message: 'That is not on the list (see `/blocklist list`).' };
      return deps.store.transaction(async (tx): Promise<ListChange> => {
        const stored = (await tx.content.terms(guildId, list)).find((t) => t.kind === kind && t.folded === folded);
        if (!stored || !(await tx.content.removeTerm(guildId, list, kind, folded))) {
          return { ok: false, message: 'That is not on the list (see `/blocklist list`).' };
        }
        return {
          ok: true,
          entry: await audit.record(tx, {
            guildId,
            actorId,
            action: 'blocklist.remove',
            targetKind: 'guild',
            targetId: guildId,
            before: { list, kind, term: stored.term },
            after: null,
          }),
        };
      });
    },

    /**
     * At start: stored patterns the linear-time engine cannot run (added before it was used) are turned off, each
     * with a notice in its guild's mod-log, rather than silently never matching.
     */
    async disableUnrunnablePatterns(): Promise<number> {
      let disabled = 0;
      for (const stored of await deps.store.content.allPatterns()) {
        if (!stored.enabled) continue;
        const compiledPattern = compilePattern(stored.term);
        if (compiledPattern.ok) continue;
        if (!(await deps.store.content.disableTerm(stored.guildId, stored.list, 'regex', stored.folded))) continue;
        disabled++;
        deps.logger.warn(
          { guildId: stored.guildId, list: stored.list },
          'blocklist pattern disabled: the engine cannot run it',
        );
        const channelId = await deps.store.moderation.setting(stored.guildId, 'mod_log_channel');
        if (channelId) {
          await deps.post(channelId, {
            content:
              `⚠️ A ${stored.list === 'nsfw' ? 'NSFW-list' : 'blocklist'} pattern was turned off: ${compiledPattern.problem}. ` +
              `Pattern: ||${stored.term.replaceAll('|', '\\|')}||. Remove it with \`/blocklist remove\` and add one without it.`,
          });
        }
      }
      return disabled;
    },
  };
}
