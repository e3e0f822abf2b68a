/** Narrowing helpers for request bodies, which arrive as `unknown`. */

export type Obj = Readonly<Record<string, unknown>>;

export const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const objOf = (value: unknown): Obj | undefined => (isObj(value) ? value : undefined);

export const arrayOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Characters as Discord counts them (UTF-16 code units, like JavaScript's length). */
export const lengthOf = (value: unknown): number => (typeof value === 'string' ? value.length : 0);
