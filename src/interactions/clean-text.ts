/**
 * Text a member typed, without what cannot be seen: control characters (except line breaks and tabs) and Unicode
 * format characters (zero-width spaces and joiners, direction marks, BOMs). A prompt made only of those looks empty
 * to every reader and must be treated as empty, not sent to Stability and paid for.
 */
export function cleanText(text: string): string {
  return text
    .replace(/[\p{Cf}\u115F\u1160\u3164\uFFA0]/gu, '')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .trim();
}
