import type { Random } from '../prng.js';

/** Characters nobody sees: a prompt made only of these is empty (src/interactions/clean-text.ts). */
export const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u202e', '\u00ad', '\u0007'];

/** Text with nothing visible in it, in the ways a client can send it. */
export function blankText(random: Random): string {
  const pieces = Array.from({ length: random.int(1, 6) }, () => random.pick([...INVISIBLE, ' ', '\t', '\n']));
  return random.chance(0.15) ? '' : pieces.join('');
}

/** Visible text around `core`, with a seeded sprinkle of invisible characters and spaces the bot must strip. */
export function sprinkled(random: Random, core: string): string {
  const noise = () => (random.chance(0.3) ? random.pick(INVISIBLE) : '');
  return `${random.chance(0.3) ? '  ' : ''}${noise()}${core}${noise()}${random.chance(0.3) ? ' \n' : ''}`;
}

/** Values of the wrong JSON type for any option (`-0` travels as 0). */
export const ODD_VALUES: readonly unknown[] = [null, true, false, {}, [], [1], { value: 1 }, -0];

/** Strings that are no number, for integer options. */
export const NOT_NUMBERS: readonly string[] = ['2', 'abc', '', 'NaN', '1e3'];

/** Whatever a forged client could put where a string belongs, none of it usable text. */
export function oddString(random: Random): unknown {
  return random.pick<unknown>([...ODD_VALUES, '', 42, -1.5, 'x'.repeat(random.int(2001, 2100)), '\u0000\u0007']);
}
