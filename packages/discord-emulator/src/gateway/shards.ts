/** `[shard_id, num_shards]` as IDENTIFY carries it. */
export type ShardPair = readonly [number, number];

/**
 * Discord's routing rule: `shard_id = (guild_id >> 22) % num_shards`. Ids that are not snowflakes (a forged payload)
 * go to shard 0, where Discord sends DMs.
 */
export function shardOf(guildId: string | null | undefined, shardCount: number): number {
  if (!guildId || !/^\d{1,20}$/.test(guildId) || shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export type ShardCheck =
  | { readonly ok: true; readonly shard: ShardPair }
  | { readonly ok: false; readonly reason: string };

/** IDENTIFY's `shard` field: two integers, count ≥ 1, 0 ≤ id < count, and the count every live connection uses. */
export function checkShard(value: unknown, liveCounts: ReadonlySet<number>): ShardCheck {
  if (value === undefined || value === null) return check([0, 1], liveCounts);
  if (!Array.isArray(value) || value.length !== 2) {
    return { ok: false, reason: 'Invalid shard: expected [shard_id, num_shards].' };
  }
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) {
    return { ok: false, reason: 'Invalid shard: shard_id and num_shards must be integers.' };
  }
  return check([Number(id), Number(count)], liveCounts);
}

function check(shard: ShardPair, liveCounts: ReadonlySet<number>): ShardCheck {
  const [id, count] = shard;
  if (count < 1) return { ok: false, reason: `Invalid shard: num_shards ${count} must be at least 1.` };
  if (id < 0 || id >= count) return { ok: false, reason: `Invalid shard: shard_id ${id} is not below ${count}.` };
  const other = [...liveCounts].find((c) => c !== count);
  if (other !== undefined) {
    return { ok: false, reason: `Invalid shard: num_shards ${count} differs from the live sessions' ${other}.` };
  }
  return { ok: true, shard };
}
