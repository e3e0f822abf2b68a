import { foldLeet, foldLetters, foldTerm, joinSpacedLetters, type Skeleton, skeletonOf, wordsOf } from './normalize.js';

export type TermKind = 'word' | 'regex';

/** A blocklist entry as stored: what the moderator typed and its folded form. */
export interface ListTerm {
  kind: TermKind;
  term: string;
  folded: string;
}

/** Longest pattern a moderator may add; long patterns are where catastrophic backtracking hides. */
export const MAX_PATTERN_LENGTH = 200;
export const MAX_WORD_LENGTH = 100;

/** A group holding a quantifier, itself quantified: `(a+)+`, `(\w*x)*`, the classic catastrophic backtracking. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)[*+{]/;
const BACKREFERENCE = /\\(?:[1-9]|k<)/;

/**
 * Why a moderator's pattern cannot be used, or undefined when it can. Patterns run on every prompt of the guild
 * inside admission, so anything that could hang the process (nested quantifiers, backreferences) or block every
 * prompt (matches the empty string) is refused when added, not discovered later.
 */
export function patternProblem(source: string): string | undefined {
  if (source.length === 0) return 'the pattern is empty';
  if (source.length > MAX_PATTERN_LENGTH) return `patterns are limited to ${MAX_PATTERN_LENGTH} characters`;
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'iu');
  } catch (error) {
    return `it is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (NESTED_QUANTIFIER.test(source)) return 'a repeated group that itself repeats (like `(a+)+`) can hang the bot';
  if (BACKREFERENCE.test(source)) return 'backreferences are not allowed';
  if (regex.test('') || regex.test(' ')) return 'it matches an empty prompt, so it would block everything';
  return undefined;
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
  patterns: readonly RegExp[];
}

export function compileList(terms: readonly ListTerm[]): CompiledList {
  const words: WordMatcher[] = [];
  const patterns: RegExp[] = [];
  for (const term of terms) {
    if (term.kind === 'regex') {
      // Stored patterns were checked when added; one that no longer compiles is skipped, never fatal.
      if (patternProblem(term.term) === undefined) patterns.push(new RegExp(term.term, 'iu'));
      continue;
    }
    const anyStart = term.folded.startsWith('*');
    const anyEnd = term.folded.endsWith('*');
    const core = term.folded.slice(anyStart ? 1 : 0, anyEnd ? -1 : undefined);
    if (core) words.push({ core, anyStart, anyEnd });
  }
  return { words, patterns };
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
  if (list.patterns.length > 0) {
    const forms = patternForms(text);
    if (list.patterns.some((pattern) => forms.some((form) => pattern.test(form)))) return true;
  }
  return false;
}
