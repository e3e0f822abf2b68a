/**
 * Folding of prompts and blocklist terms into one comparable form, so a disguised spelling ("N.U.D.3", "ñüdé",
 * "n u d e", Cyrillic "nudе") meets the term it hides. Terms and prompts go through the same steps, which is what
 * makes the lossy ones (1 → i, l → i) safe: both sides lose the same information.
 */

/** Cyrillic and Greek letters that render like a Latin one (lower case: folding lower-cases first). */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  г: 'r',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ь: 'b',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ӏ: 'i',
  ԛ: 'q',
  ԝ: 'w',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  ς: 's',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
};

/**
 * Leetspeak digits and signs. `1` stands for i or l, so l folds to i as well: "k1ll", "kill" and "kiII" all become
 * "kiii", on both sides of the comparison.
 */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  l: 'i',
};

const COMBINING_MARKS = /\p{M}+/gu;
/** `!` and `|` stand for i only between two letters ("n!pple"); elsewhere they are punctuation ("nude!"). */
const INNER_I = /(?<=[\p{L}\p{N}])[!|](?=[\p{L}\p{N}])/gu;
const WORD_RUN = /[\p{L}\p{N}]+/gu;

/** Case, accents (NFKD, then combining marks dropped: also folds fullwidth and "𝐛𝐨𝐥𝐝" letters) and homoglyphs. */
export function foldLetters(text: string): string {
  const plain = text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
  let out = '';
  for (const char of plain) out += HOMOGLYPHS[char] ?? char;
  return out;
}

/** `foldLetters` plus leetspeak. */
export function foldLeet(text: string): string {
  let out = '';
  for (const char of foldLetters(text).replace(INNER_I, 'i')) out += LEET[char] ?? char;
  return out;
}

/** The runs of letters and digits of a folded text; everything else (spaces, punctuation, zero-width) separates. */
export function wordsOf(folded: string): string[] {
  return folded.match(WORD_RUN) ?? [];
}

/**
 * The words with runs of single characters joined: "n u d e pics" → ["nude", "pics"]. Spacing a word out letter by
 * letter is the commonest disguise; a real one-letter word ("a cat") only merges with its one-letter neighbours.
 */
export function joinSpacedLetters(words: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const word of words) {
    if ([...word].length === 1) {
      run += word;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(word);
  }
  if (run) out.push(run);
  return out;
}

/**
 * A folded text with word boundaries kept: `skeleton` is every word run together, and `starts`/`ends` are the
 * offsets in it where a word of the original text began or ended. A term matches only from a start to an end, so
 * "n.u.d.e" and "nu de" match "nude" while "class" does not match "ass".
 */
export interface Skeleton {
  skeleton: string;
  starts: ReadonlySet<number>;
  ends: ReadonlySet<number>;
}

export function skeletonOf(words: readonly string[]): Skeleton {
  const starts = new Set<number>();
  const ends = new Set<number>();
  let skeleton = '';
  for (const word of words) {
    starts.add(skeleton.length);
    skeleton += word;
    ends.add(skeleton.length);
  }
  return { skeleton, starts, ends };
}

/** The folded form a word term is stored and compared as: its letters and digits only ("n-u-d-e" → "nude"). */
export function foldTerm(term: string): string {
  return wordsOf(foldLeet(term)).join('');
}
