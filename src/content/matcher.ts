import RE2 from 're2';
import type { ListTerm } from '../domain/content.js';
import { foldLeet, foldLetters, foldTerm, joinSpacedLetters, type Skeleton, skeletonOf, wordsOf } from './normalize.js';

/** Longest pattern a moderator may add. */
export const MAX_PATTERN_LENGTH = 200;
export const MAX_WORD_LENGTH = 100;

/** Patterns run in RE2, Google's linear-time engine: no pattern can make a prompt's check take longer than its length. */
export type Pattern = InstanceType<typeof RE2>;

/** RE2's words for what it cannot run, in a moderator's words. */
function explain(message: string): string {
  if (/\(\?<?[=!]/.test(message)) {
    return 'lookarounds such as `(?=…)`, `(?!…)`, `(?<=…)` and `(?<!…)` are not supported: patterns run in a linear-time engine';
  }
  if (/escape sequence: \\[1-9]|\\k</.test(message) || /backreference/i.test(message)) {
    return 'backreferences such as `\\1` are not supported: patterns run in a linear-time engine';
  }
  return `it is not a valid pattern (${message})`;
}

/** Compiles a moderator's pattern, or says why it cannot be used. */
export function compilePattern(source: string): { ok: true; pattern: Pattern } | { ok: false; problem: string } {
  if (source.length === 0) return { ok: false, problem: 'the pattern is empty' };
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, problem: `patterns are limited to ${MAX_PATTERN_LENGTH} characters` };
  }
  let pattern: Pattern;
  try {
    pattern = new RE2(source, 'iu');
  } catch (error) {
    return { ok: false, problem: explain(error instanceof Error ? error.message : String(error)) };
  }
  if (pattern.test('') || pattern.test(' ')) {
    return { ok: false, problem: 'it matches an empty prompt, so it would block everything' };
  }
  return { ok: true, pattern };
}

/**
 * Why a moderator's pattern cannot be used, or undefined when it can. Patterns run on every prompt of the guild
 * inside admission; a pattern that would block every prompt (matches the empty string) is refused when added.
 */
export function patternProblem(source: string): string | undefined {
  const compiled = compilePattern(source);
  return compiled.ok ? undefined : compiled.problem;
}

/**
 * The folded form of a word term, with its `*` wildcards kept: `nud*` (words starting with it), `*porn` (words ending
 * with it). Undefined when nothing is left to match (only punctuation or spaces).
 */
export function foldWordTerm(term: string): string | undefined {
  const trimmed = term.trim();
  const core = foldTerm(trimmed);
  if (core.length === 0) return undefined;
  return `${trimmed.startsWith('*') ? '*' : ''}${core}${trimmed.endsWith('*') ? '*' : ''}`;
}

interface WordMatcher {
  core: string;
  anyStart: boolean;
  anyEnd: boolean;
}

export interface CompiledList {
  words: readonly WordMatcher[];
  /** Every pattern of the list as one alternation: one linear pass per prompt form, however many patterns. */
  patterns: Pattern | undefined;
}

export function compileList(terms: readonly (ListTerm & { enabled?: boolean })[]): CompiledList {
  const words: WordMatcher[] = [];
  const sources: string[] = [];
  for (const term of terms) {
    if (term.enabled === false) continue;
    if (term.kind === 'regex') {
      // Stored patterns were checked when added; one that no longer compiles is skipped, never fatal.
      if (compilePattern(term.term).ok) sources.push(`(?:${term.term})`);
      continue;
    }
    const anyStart = term.folded.startsWith('*');
    const anyEnd = term.folded.endsWith('*');
    const core = term.folded.slice(anyStart ? 1 : 0, anyEnd ? -1 : undefined);
    if (core) words.push({ core, anyStart, anyEnd });
  }
  return { words, patterns: sources.length > 0 ? new RE2(sources.join('|'), 'iu') : undefined };
}

/** A word ends at `end`, or a plural ending (-s, -es) does: "nudes" still meets "nude". */
function endsWord(text: Skeleton, end: number): boolean {
  if (text.ends.has(end)) return true;
  const rest = text.skeleton.slice(end);
  return (rest.startsWith('s') && text.ends.has(end + 1)) || (rest.startsWith('es') && text.ends.has(end + 2));
}

function wordMatches(text: Skeleton, word: WordMatcher): boolean {
  for (let at = text.skeleton.indexOf(word.core); at !== -1; at = text.skeleton.indexOf(word.core, at + 1)) {
    if ((word.anyStart || text.starts.has(at)) && (word.anyEnd || endsWord(text, at + word.core.length))) return true;
  }
  return false;
}

/** The forms of a text that patterns are tried on: folded with and without leetspeak, words spaced by one space. */
export function patternForms(text: string): string[] {
  return [foldLeet(text), foldLetters(text)].map((folded) => joinSpacedLetters(wordsOf(folded)).join(' '));
}

/** Whether any term of the list is in `text`; the caller must never show which one (that would teach the bypass). */
export function matchesList(text: string, list: CompiledList): boolean {
  if (list.words.length > 0) {
    const skeleton = skeletonOf(wordsOf(foldLeet(text)));
    if (list.words.some((word) => wordMatches(skeleton, word))) return true;
  }
  const patterns = list.patterns;
  if (patterns) return patternForms(text).some((form) => patterns.test(form));
  return false;
}
