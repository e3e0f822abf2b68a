/**
 * Every prompt a probe sends carries a tag (`ft<n>x`), so each call the fake Stability received can be traced back to
 * its job, and each job's messages to what the probe asked for. Plain ASCII, so cleaning the prompt keeps it.
 */
const TAG = /\bft\d+x\b/;

export const tagFor = (n: number) => `ft${n}x`;

export const tagOf = (text: string): string | undefined => TAG.exec(text)?.[0];
