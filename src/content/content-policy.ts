import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Audit } from '../moderation/audit.js';
import type { ContentStore, ListName, StoredTerm } from '../store/content-store.js';
import type { AuditEntry, ModerationStore } from '../store/moderation-store.js';
import { compileList, foldWordTerm, MAX_WORD_LENGTH, matchesList, patternProblem, type TermKind } from './matcher.js';

/** Most entries per list: every prompt of the guild is checked against all of them inside admission. */
export const MAX_TERMS_PER_LIST = 200;

export interface ContentRequest {
  guildId: string;
  userId: string;
  prompt: string;
  negativePrompt?: string;
  /** The channel is age-restricted: the NSFW list does not apply there. */
  channelNsfw: boolean;
}

export type ContentVerdict = { ok: true; passId?: number } | { ok: false; message: string };

/** Neither message names the term: telling someone what matched teaches them the way around it. */
export const BLOCKED_MESSAGE =
  '🚫 This prompt contains something this server does not allow, so it was not sent. Please rephrase it.';
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
  store: ContentStore;
  /** Guild settings (the NSFW spoiler switch). */
  settings: Pick<ModerationStore, 'setting' | 'setSetting' | 'transaction'>;
  audit: Audit;
  clock: Clock;
  logger: Logger;
}) {
  const { store, audit, clock, settings } = deps;

  const listed = (guildId: string, list: ListName, text: string | undefined): boolean =>
    text !== undefined && text.length > 0 && matchesList(text, compileList(store.terms(guildId, list)));

  return {
    check(request: ContentRequest): ContentVerdict {
      const { guildId, userId, prompt } = request;
      // A pass is the moderator's "retry once": the next job with that exact prompt uses it, listed or not.
      const passId = store.openPass(guildId, userId, prompt);
      if (passId !== undefined) {
        deps.logger.info({ guildId, userId, passId }, 'a moderator’s one-time pass skips the guild lists');
        return { ok: true, passId };
      }
      const blocked = listed(guildId, 'block', prompt) || listed(guildId, 'block', request.negativePrompt);
      const nsfw = !blocked && !request.channelNsfw && listed(guildId, 'nsfw', prompt);
      if (!blocked && !nsfw) return { ok: true };
      // The term is not logged either: the log says which list refused, which is what an operator acts on.
      deps.logger.info({ guildId, userId, list: blocked ? 'block' : 'nsfw' }, 'prompt refused by a guild list');
      return { ok: false, message: blocked ? BLOCKED_MESSAGE : NSFW_MESSAGE };
    },

    consumePass(passId: number, jobId: string): void {
      if (store.usePass(passId, jobId, clock.now())) deps.logger.info({ passId, jobId }, 'one-time pass used');
    },

    terms: (guildId: string, list: ListName) => store.terms(guildId, list),

    /** Whether results in age-restricted channels are posted as spoilers (`/modlog nsfw-spoiler`). */
    spoilersInAgeRestricted: (guildId: string): boolean => settings.setting(guildId, 'nsfw_spoiler') === 'on',

    setSpoilers(actorId: string, guildId: string, on: boolean): AuditEntry {
      return settings.transaction(() => {
        const previous = settings.setting(guildId, 'nsfw_spoiler') === 'on' ? 'on' : 'off';
        settings.setSetting(guildId, 'nsfw_spoiler', on ? 'on' : undefined, actorId, clock.now());
        return audit.record({
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

    add(actorId: string, guildId: string, list: ListName, kind: TermKind, raw: string): ListChange {
      const term = raw.trim();
      let folded: string | undefined;
      if (kind === 'regex') {
        const problem = patternProblem(term);
        if (problem) return { ok: false, message: `That pattern cannot be used: ${problem}.` };
        folded = term;
      } else {
        if (term.length > MAX_WORD_LENGTH) {
          return { ok: false, message: `Words and phrases are limited to ${MAX_WORD_LENGTH} characters.` };
        }
        folded = foldWordTerm(term);
        if (!folded) return { ok: false, message: 'That has no letters or digits to match.' };
      }
      if (store.terms(guildId, list).length >= MAX_TERMS_PER_LIST) {
        return { ok: false, message: `The list is full (${MAX_TERMS_PER_LIST} entries). Remove some first.` };
      }
      const entry: StoredTerm = { list, kind, term, folded, addedBy: actorId, addedAt: clock.now() };
      return store.transaction((): ListChange => {
        if (!store.addTerm(guildId, entry)) return { ok: false, message: 'That is already on the list.' };
        return {
          ok: true,
          entry: audit.record({
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

    remove(actorId: string, guildId: string, list: ListName, kind: TermKind, raw: string): ListChange {
      const term = raw.trim();
      const folded = kind === 'regex' ? term : foldWordTerm(term);
      const stored = store.terms(guildId, list).find((t) => t.kind === kind && t.folded === folded);
      if (!folded || !stored) return { ok: false, message: 'That is not on the list (see `/blocklist list`).' };
      return store.transaction((): ListChange => {
        if (!store.removeTerm(guildId, list, kind, folded)) return { ok: false, message: 'That is not on the list.' };
        return {
          ok: true,
          entry: audit.record({
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
  };
}
