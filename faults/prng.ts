/**
 * The suite's only source of randomness: a small seeded generator (sfc32), so `--seed N` replays exactly the same
 * fuzzed inputs. Each probe derives its own stream from the run's seed and its name, so running one probe alone
 * (`--only`) draws the same inputs it draws in a full run.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A new independent stream, the same for the same label. */
  fork(label: string): Random;
}

/** A 32-bit FNV-1a hash: turns a seed and a label into a stream's starting state. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRandom(seed: number, label = ''): Random {
  let a = hash32(`a:${seed}:${label}`);
  let b = hash32(`b:${seed}:${label}`);
  let c = hash32(`c:${seed}:${label}`);
  let d = 1;
  const next = (): number => {
    // sfc32: small, fast, and good enough to spread fuzz cases; not for anything secret.
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // Warm up: the first outputs of sfc32 still look like its seed.
  for (let i = 0; i < 12; i++) next();
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    fork: (child) => createRandom(seed, `${label}/${child}`),
  };
  return random;
}
