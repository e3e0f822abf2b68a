import { describe, expect, it } from 'vitest';
import { compileList, foldWordTerm, matchesList, patternForms, patternProblem } from '../../src/content/matcher.js';
import { foldLeet, foldLetters, foldTerm, joinSpacedLetters, wordsOf } from '../../src/content/normalize.js';
import type { ListTerm } from '../../src/domain/content.js';

const word = (term: string): ListTerm => ({ kind: 'word', term, folded: foldWordTerm(term) ?? '' });
const regex = (term: string): ListTerm => ({ kind: 'regex', term, folded: term });
const blocks = (text: string, ...terms: ListTerm[]) => matchesList(text, compileList(terms));

describe('folding', () => {
  it('folds case, accents, fullwidth and mathematical letters', () => {
    expect(foldLetters('NÜDÉ Ñandú')).toBe('nude nandu');
    expect(foldLetters('ｎｕｄｅ')).toBe('nude');
    expect(foldLetters('𝐧𝐮𝐝𝐞')).toBe('nude');
  });

  it('folds Cyrillic and Greek look-alikes to Latin', () => {
    // Cyrillic е, о, р, с, а; Greek ο, α, ν.
    expect(foldLetters('nudе')).toBe('nude');
    expect(foldLetters('РОRN')).toBe('porn');
    expect(foldLetters('ѕеx')).toBe('sex');
    expect(foldLetters('gοαt')).toBe('goat');
  });

  it('folds leetspeak, with 1 and l meeting at i', () => {
    expect(foldLeet('n00d3 p1c5')).toBe('noode pics');
    expect(foldLeet('@$$')).toBe('ass');
    expect(foldLeet('7i7')).toBe('tit');
    expect(foldLeet('kill')).toBe(foldLeet('k1ll'));
    expect(foldLeet('n!pple')).toBe('nippie');
    // A trailing ! is punctuation, not an i.
    expect(foldLeet('nude!')).toBe('nude!');
  });

  it('splits into words on spaces, punctuation and invisible characters, and joins spaced-out letters', () => {
    expect(wordsOf(foldLeet('n.u.d.e, n-u-d-e, nu\u200bde'))).toEqual([
      'n',
      'u',
      'd',
      'e',
      'n',
      'u',
      'd',
      'e',
      'nu',
      'de',
    ]);
    expect(joinSpacedLetters(['a', 'n', 'u', 'd', 'e', 'cat', 'x'])).toEqual(['anude', 'cat', 'x']);
    expect(foldTerm(' N-U-D-E ')).toBe('nude');
  });
});

describe('word terms', () => {
  const nude = word('nude');

  it('match the plain word and every disguise of it', () => {
    for (const text of [
      'a nude portrait',
      'a NUDE portrait',
      'a ñüdé portrait',
      'a n u d e portrait',
      'a n.u.d.e portrait',
      'a n_u_d_e portrait',
      'a nu de portrait',
      'a nu\u200bde portrait',
      'a nud3 portrait',
      'a nudе portrait (Cyrillic e)',
      'a ｎｕｄｅ portrait',
      'nudes at the beach',
    ]) {
      expect(blocks(text, nude), text).toBe(true);
    }
  });

  it('match whole words only: no Scunthorpe problem', () => {
    const ass = word('ass');
    expect(blocks('a class of assassins at the embassy', ass)).toBe(false);
    expect(blocks('a grass field', ass)).toBe(false);
    expect(blocks('kick @ss', ass)).toBe(true);
    expect(blocks('what an a s s', ass)).toBe(true);
    expect(blocks('the therapist', word('rapist'))).toBe(false);
    expect(blocks('the rapist', word('rapist'))).toBe(true);
    expect(blocks('is ex y', word('sexy'))).toBe(false);
  });

  it('match phrases across spacing and punctuation', () => {
    const phrase = word('blood bath');
    expect(blocks('a bloodbath in the arena', phrase)).toBe(true);
    expect(blocks('a blood-bath in the arena', phrase)).toBe(true);
    expect(blocks('blood in the bath', phrase)).toBe(false);
  });

  it('take * at either end as "any word starting / ending with"', () => {
    expect(blocks('a nudist beach', word('nud*'))).toBe(true);
    expect(blocks('denude the tree', word('nud*'))).toBe(false);
    expect(blocks('some hentaiporn', word('*porn'))).toBe(true);
    expect(foldWordTerm('  *P0rn* ')).toBe('*porn*');
    expect(foldWordTerm('...')).toBeUndefined();
  });
});

describe('pattern terms', () => {
  it('see the folded prompt, with and without leetspeak', () => {
    expect(patternForms('N U D 3 pics, 555-0100')).toEqual(['nude pics sss oioo', 'nud3 pics 555 0100']);
    expect(blocks('N.U.D.3 pics', regex('\\bnude?s?\\b'))).toBe(true);
    expect(blocks('call 555 0100', regex('\\d{3} \\d{4}'))).toBe(true);
    expect(blocks('a quiet harbour', regex('\\bnude?s?\\b'))).toBe(false);
  });

  it('refuse patterns that are invalid, too long, beyond a linear-time engine or would block everything', () => {
    expect(patternProblem('nud(e|ity)')).toBeUndefined();
    expect(patternProblem('nud(e')).toMatch(/not a valid pattern/);
    expect(patternProblem('x'.repeat(201))).toMatch(/200 characters/);
    // Nested repetition cannot hang a linear-time engine, so it is fine; lookarounds and backreferences are not.
    expect(patternProblem('(a+)+$')).toBeUndefined();
    expect(patternProblem('(a|a)*b')).toBeUndefined();
    expect(patternProblem('nude(?!ibranch)')).toMatch(/lookarounds/);
    expect(patternProblem('(a)\\1')).toMatch(/backreferences/);
    expect(patternProblem('.*')).toMatch(/empty prompt/);
    expect(patternProblem('')).toMatch(/empty/);
  });
});

describe('patterns in a linear-time engine', () => {
  it('check a prompt against a pattern that backtracks catastrophically in JavaScript without stalling', () => {
    // `(a|a)*b` on 60 × "a" takes JavaScript's engine longer than the age of the universe; RE2 answers at once.
    expect(blocks(`${'a'.repeat(60)}!`, regex('(a|a)*b'))).toBe(false);
    expect(blocks(`${'a'.repeat(60)}b`, regex('(a|a)*b'))).toBe(true);
  });
});
