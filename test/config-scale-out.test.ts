import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('configuration for several processes', () => {
  it('asks Discord for the shard count and runs every shard unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.discord.shardCount).toBe('auto');
    expect(config.discord.shardIds).toBeUndefined();
  });

  it('takes a fixed shard count and this process’s shard ids', () => {
    const config = loadConfig({ DISCORD_SHARD_COUNT: '3', DISCORD_SHARD_IDS: '0, 2' });
    expect(config.discord.shardCount).toBe(3);
    expect(config.discord.shardIds).toEqual([0, 2]);
  });

  it('refuses shard settings Discord would close the connection for, naming the variable', () => {
    expect(problemsOf({ DISCORD_SHARD_COUNT: '0' })).toEqual([
      expect.stringMatching(/^DISCORD_SHARD_COUNT: must be auto or a whole number/),
    ]);
    expect(problemsOf({ DISCORD_SHARD_COUNT: 'many' })).toHaveLength(1);
    expect(problemsOf({ DISCORD_SHARD_COUNT: '3', DISCORD_SHARD_IDS: '1,3' })).toEqual([
      expect.stringMatching(/^DISCORD_SHARD_IDS: 3 not below DISCORD_SHARD_COUNT \(3\)/),
    ]);
    expect(problemsOf({ DISCORD_SHARD_IDS: '1,1' })).toEqual([
      expect.stringMatching(/^DISCORD_SHARD_IDS: names a shard twice/),
    ]);
    expect(problemsOf({ DISCORD_SHARD_IDS: 'one' })).toEqual([
      expect.stringMatching(/^DISCORD_SHARD_IDS: must be a comma list/),
    ]);
  });

  it('refuses REDIS_URL, pointing to DATABASE_URL instead', () => {
    const problems = problemsOf({ REDIS_URL: 'redis://cache:6379' });
    expect(problems).toEqual([expect.stringMatching(/^REDIS_URL: no longer used .*set DATABASE_URL/)]);
    expect(problems.join('\n')).not.toContain('cache:6379');
    // An empty value (an old .env copied from the example) is no setting at all.
    expect(problemsOf({ REDIS_URL: '' })).toEqual([]);
  });
});
