/** Discord's timestamp styles (<t:unix:STYLE>), drawn against the emulator clock, which a tester may move. */
const STYLES = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'short' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

export function relativeTime(ms, nowMs) {
  const seconds = Math.round((ms - nowMs) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.round(seconds / size), unit);
  }
  return '';
}

export function formatTimestamp(unixSeconds, style, nowMs) {
  const ms = unixSeconds * 1000;
  if (style === 'R') return relativeTime(ms, nowMs);
  return new Intl.DateTimeFormat(undefined, STYLES[style] ?? STYLES.f).format(new Date(ms));
}

/** "Today at 14:05", as Discord labels a message. */
export function messageTime(iso, nowMs) {
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date);
  const day = (d) => new Date(d).toDateString();
  if (day(date) === day(nowMs)) return `Today at ${time}`;
  if (day(date) === day(nowMs - 24 * 3600 * 1000)) return `Yesterday at ${time}`;
  return `${new Intl.DateTimeFormat(undefined, { dateStyle: 'short' }).format(date)} ${time}`;
}
