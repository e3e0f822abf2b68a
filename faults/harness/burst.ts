import type { Emulator, InteractionHandle } from '@imagine-bot/discord-emulator';
import { MAX_SEED } from '../../src/stability/models.js';
import { tagFor } from '../invariants/tags.js';
import type { Random } from '../prng.js';

/** Members of the default guild plus `extraUsers` (startBotEnv adds them), so no one member's limits get in the way. */
export const memberNames = (extra: number) => [
  'alice',
  'bob',
  ...Array.from({ length: extra }, (_, i) => `member${i + 1}`),
];

/** The environment that lets a probe's burst through admission: its limits are not what it tests. */
export const ROOMY_LIMITS = {
  LIMIT_QUEUED_PER_USER: '1000',
  LIMIT_CONCURRENT_PER_USER: '10',
  LIMIT_JOBS_PER_HOUR: '10000',
} as const;

export interface Burst {
  handles: InteractionHandle[];
  /** The tag of the next job a probe may submit. */
  next: number;
}

/** `count` /imagine commands at once from `users` in turn, each tagged and seeded so its calls can be traced. */
export function imagineBurst(
  emulator: Emulator,
  random: Random,
  options: {
    users: readonly string[];
    count: number;
    firstTag: number;
    images?: number;
    /** A seed key ('general') or a channel id. Default: the Playground's #general. */
    channel?: string;
  },
): Burst {
  const handles = Array.from({ length: options.count }, (_, i) =>
    emulator.invokeCommand(
      options.users[i % options.users.length] ?? 'alice',
      options.channel ?? 'general',
      'imagine',
      {
        prompt: `a paper boat on a pond ${tagFor(options.firstTag + i)}`,
        seed: random.int(1, MAX_SEED - 4),
        ...(options.images && options.images > 1 ? { count: options.images } : {}),
      },
    ),
  );
  return { handles, next: options.firstTag + options.count };
}

/** A pacer that never holds a probe back (the fake enforces no quota unless a probe asks it to). */
export const FAST_PACER = { STABILITY_RATE_LIMIT: '2000', STABILITY_RATE_WINDOW_MS: '1000' } as const;
