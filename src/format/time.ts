import { TimestampStyles, time } from 'discord.js';

/** A Discord timestamp each reader sees in their own time and language ("in 12 minutes"). */
export function relativeTime(at: number): string {
  return time(new Date(Math.ceil(at / 1000) * 1000), TimestampStyles.RelativeTime);
}

/** Date and time in the reader's locale. */
export function dateTime(at: number): string {
  return time(new Date(Math.floor(at / 1000) * 1000), TimestampStyles.ShortDateTime);
}

/**
 * When something will happen: a Discord timestamp while it is ahead, and plain words once the moment passed (so a
 * message edited late never says "resumes 14 minutes ago").
 */
export function futureTime(at: number, now: number, passed = 'any moment now'): string {
  return at > now ? relativeTime(at) : passed;
}

/** "12 s", "3 min": a short duration for ETAs. */
export function shortDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 90 ? `${min} min` : `${Math.round(min / 60)} h`;
}
