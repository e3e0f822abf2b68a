import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>, needs: Parameters<typeof loadConfig>[1] = []): string[] {
  try {
    loadConfig(env, needs);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the defaults of the environment contract', () => {
    const config = loadConfig({});
    expect(config.discord.apiUrl).toBe('https://discord.com/api');
    expect(config.stability.apiUrl).toBe('https://api.stability.ai');
    expect(config.images.backend).toBe('stability');
    expect(config.databasePath).toBe('./data/bot.sqlite');
    expect(config.logLevel).toBe('info');
    expect(config.httpPort).toBe(9464);
    expect(config.stability).toMatchObject({
      rateLimit: 145,
      rateWindowMs: 10_000,
      lockoutMs: 60_000,
      maxConcurrent: 145,
      pollIntervalMs: 10_000,
      pollTimeoutMs: 600_000,
    });
    expect(config.limits).toEqual({ queuedPerUser: 5, concurrentPerUser: 2, jobsPerHour: 30, maxCount: 4 });
    expect(config.discord.guildId).toBeUndefined();
  });

  it('defaults the balance watch and the local backend’s pretend balance', () => {
    const config = loadConfig({});
    expect(config.balance).toEqual({ checkIntervalMs: 900_000, warnBelowCredits: 100 });
    expect(config.images.localBalance).toBe(1000);
    expect(problemsOf({ BALANCE_WARN_CREDITS: '-1', BALANCE_CHECK_INTERVAL_MS: 'often' })).toHaveLength(2);
  });

  it('coerces numbers and strips trailing slashes from URLs', () => {
    const config = loadConfig({ HTTP_PORT: '0', STABILITY_RATE_LIMIT: '20', STABILITY_API_URL: 'http://127.0.0.1:9/' });
    expect(config.httpPort).toBe(0);
    expect(config.stability.rateLimit).toBe(20);
    expect(config.stability.apiUrl).toBe('http://127.0.0.1:9');
  });

  it('lists every problem in one error instead of stopping at the first', () => {
    const problems = problemsOf({ HTTP_PORT: 'abc', IMAGE_BACKEND: 'dalle', LIMIT_MAX_COUNT: '9', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/HTTP_PORT/);
    expect(problems.join('\n')).toMatch(/IMAGE_BACKEND/);
    expect(problems.join('\n')).toMatch(/LIMIT_MAX_COUNT/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('requires a token to run the bot and names what to set', () => {
    expect(problemsOf({ IMAGE_BACKEND: 'local' }, ['discord-bot'])).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN: required/),
    ]);
  });

  it('requires a Stability key only when the Stability backend is used', () => {
    expect(problemsOf({}, ['image-backend'])[0]).toMatch(/STABILITY_API_KEY.*IMAGE_BACKEND=local/);
    expect(problemsOf({ IMAGE_BACKEND: 'local' }, ['image-backend'])).toEqual([]);
    expect(problemsOf({ STABILITY_API_KEY: 'sk-test-123456' }, ['image-backend'])).toEqual([]);
  });

  it('requires the application id to deploy commands and validates snowflakes', () => {
    const problems = problemsOf({ DISCORD_TOKEN: 't0k3n-abc', DISCORD_GUILD_ID: 'not-a-guild' }, ['discord-deploy']);
    expect(problems.join('\n')).toMatch(/DISCORD_APPLICATION_ID: required/);
    expect(problems.join('\n')).toMatch(/DISCORD_GUILD_ID: must be a Discord snowflake/);
  });

  it('rejects an unknown local fault and lists the valid ones', () => {
    expect(problemsOf({ IMAGE_BACKEND: 'local', LOCAL_BACKEND_FAULT: 'explode' })[0]).toMatch(
      /^LOCAL_BACKEND_FAULT: must be one of: none, content-filtered, .*rate-limit/,
    );
    expect(loadConfig({ LOCAL_BACKEND_FAULT: 'Rate_Limit' }).images.localFault).toBe('Rate_Limit');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('never echoes a secret in its message', () => {
    const problems = problemsOf({ STABILITY_API_KEY: 'sk-super-secret', HTTP_PORT: 'x' });
    expect(problems.join('\n')).not.toContain('sk-super-secret');
  });
});

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
