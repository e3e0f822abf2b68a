import type { ColumnDataType, Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Column types that differ between the dialects; everything else is spelled the same in both. */
export interface ColumnTypes {
  /** Epoch milliseconds and other numbers beyond 32 bits (Discord-sized seeds). */
  bigint: ColumnDataType;
  /** Credits (6.5, 2.5…). */
  double: ColumnDataType;
  blob: ColumnDataType;
}

export function columnTypes(dialect: Dialect): ColumnTypes {
  return dialect === 'postgres'
    ? { bigint: 'bigint', double: 'double precision', blob: 'bytea' }
    : { bigint: 'integer', double: 'real', blob: 'blob' };
}

export interface Migration {
  version: number;
  name: string;
  /** The schema builder only: a migration runs against whatever the tables were before it, not today's types. */
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}
