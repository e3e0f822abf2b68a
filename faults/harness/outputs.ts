/**
 * Everything the bot (or this suite) printed or posted, scanned for the secrets it must never show: the bot token,
 * the Stability API key and every interaction token the emulator issued. Texts are scanned as they are handed over
 * (so a probe's multi-megabyte log is not kept), and the report names where a secret appeared and of what kind,
 * never the secret itself.
 */
export interface Outputs {
  /** A secret that must appear in no output (bot token, API key). */
  secret(kind: string, value: string | undefined): void;
  /** Interaction tokens: each is valid for 15 minutes, so none may be printed. */
  interactionTokens(tokens: Iterable<string>): void;
  /** Scans one output now, against every secret known so far. */
  text(label: string, text: string): void;
  /** What was scanned, and every leak found (label and kind only). */
  report(): { texts: number; bytes: number; secrets: number; leaks: string[] };
}

/** The random part of an emulator interaction token (`aW50ZXJhY3Rpb246<id>:<64 base64url characters>`). */
const TOKEN_TAIL_LENGTH = 64;
const BASE64URL_RUN = /[A-Za-z0-9_-]{64,}/g;
/** base64 of "interaction:" — the start of every interaction token, Discord's and the emulator's alike. */
const TOKEN_PREFIX = 'aW50ZXJhY3Rpb246';
const MIN_SECRET_LENGTH = 8;

export function createOutputs(): Outputs {
  const secrets = new Map<string, string>();
  const tails = new Set<string>();
  const leaks: string[] = [];
  let texts = 0;
  let bytes = 0;

  const leak = (label: string, kind: string) => {
    const line = `${kind} in ${label}`;
    if (!leaks.includes(line)) leaks.push(line);
  };

  return {
    secret(kind, value) {
      if (value !== undefined && value.length >= MIN_SECRET_LENGTH) secrets.set(value, kind);
    },
    interactionTokens(tokens) {
      for (const token of tokens) {
        const tail = token.slice(token.lastIndexOf(':') + 1);
        if (tail.length >= TOKEN_TAIL_LENGTH) tails.add(tail.slice(-TOKEN_TAIL_LENGTH));
      }
    },
    text(label, text) {
      texts++;
      bytes += text.length;
      for (const [value, kind] of secrets) {
        if (text.includes(value)) leak(label, kind);
        // A secret in a JSON string may be escaped; URL-encoding changes none of these alphabets.
        const escaped = JSON.stringify(value).slice(1, -1);
        if (escaped !== value && text.includes(escaped)) leak(label, kind);
      }
      if (text.includes(TOKEN_PREFIX) && /aW50ZXJhY3Rpb246\d{17,20}(:|%3A)[A-Za-z0-9_-]{8}/.test(text)) {
        leak(label, 'interaction token');
      }
      for (const match of text.matchAll(BASE64URL_RUN)) {
        const run = match[0];
        for (let i = 0; i + TOKEN_TAIL_LENGTH <= run.length; i++) {
          if (tails.has(run.slice(i, i + TOKEN_TAIL_LENGTH))) {
            leak(label, 'interaction token');
            break;
          }
        }
      }
    },
    report: () => ({ texts, bytes, secrets: secrets.size + tails.size, leaks: [...leaks] }),
  };
}
