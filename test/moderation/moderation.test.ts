import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import type { ChannelPost, PostResult } from '../../src/domain/ports.js';
import { createAudit } from '../../src/moderation/audit.js';
import { createModeration } from '../../src/moderation/moderation.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/store.js';

const GUILD = '100000000000000001';
const ALICE = '200000000000000001';
const MOD = '200000000000000009';

const opened: TestStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function setup(dialect: (typeof DIALECTS)[number], postResult: PostResult = { ok: true, messageId: '1' }) {
  const clock = createManualClock(Date.UTC(2026, 0, 10, 12));
  const test = await openTestStore(dialect, clock.now());
  opened.push(test);
  const { store } = test;
  const posts: { channelId: string; message: ChannelPost }[] = [];
  const audit = createAudit({
    store,
    clock,
    post: async (channelId, message) => {
      posts.push({ channelId, message });
      return postResult;
    },
  });
  const moderation = createModeration({
    store,
    audit,
    limits: { queuedPerUser: 5, concurrentPerUser: 2, jobsPerHour: 30, maxCount: 4 },
    clock,
  });
  const addJob = () =>
    store.jobs.create(
      {
        kind: 'imagine',
        guildId: GUILD,
        channelId: '300000000000000001',
        userId: ALICE,
        userName: 'alice',
        params: { prompt: 'x', model: 'core', count: 1 },
        applicationId: '1',
        interactionId: '1',
        interactionToken: 't',
        uploadLimit: 1,
        estimatedCredits: 3,
      },
      clock.now(),
    );
  return { clock, store, moderation, addJob, posts };
}

const request = { guildId: GUILD, userId: ALICE, kind: 'imagine', model: 'core', count: 1 } as const;

describe.each(DIALECTS)('moderation service on %s', (dialect) => {
  it('counts only jobs after a /quota reset, and keeps the rows', async () => {
    const { clock, store, moderation, addJob } = await setup(dialect);
    await moderation.setLimit(MOD, GUILD, 'guild', GUILD, 'jobs_per_hour', 1);
    await moderation.setLimit(MOD, GUILD, 'guild', GUILD, 'cooldown', 600);
    const job = await addJob();
    expect(await moderation.check(request)).toMatchObject({ ok: false });
    clock.advance(1);
    const entry = await moderation.resetQuota(MOD, GUILD, ALICE);
    expect(entry.before).toEqual({ jobsLastHour: 1, lastJobAt: job.createdAt });
    expect(await moderation.check(request)).toMatchObject({ ok: true });
    expect(await store.jobs.get(job.id)).toBeDefined();
  });

  it('records every change with its before and after, in order', async () => {
    const { moderation } = await setup(dialect);
    await moderation.setLimit(MOD, GUILD, 'user', ALICE, 'models', ['core']);
    await moderation.setLimit(MOD, GUILD, 'user', ALICE, 'models', 'all');
    expect(await moderation.resetLimits(MOD, GUILD, 'user', ALICE, 'queued')).toBeUndefined();
    await moderation.resetLimits(MOD, GUILD, 'user', ALICE);
    const entries = (await moderation.audit.history(GUILD, 10)).map((e) => [e.action, e.before, e.after]);
    expect(entries).toEqual([
      ['limit.reset', { models: 'all' }, null],
      ['limit.set', { models: ['core'] }, { models: 'all' }],
      ['limit.set', null, { models: ['core'] }],
    ]);
  });

  it('resolves the concurrency of a member from their most generous role over the server setting', async () => {
    const { moderation } = await setup(dialect);
    await moderation.setLimit(MOD, GUILD, 'role', 'artist', 'concurrent', 4);
    await moderation.setLimit(MOD, GUILD, 'guild', GUILD, 'concurrent', 3);
    const withRole = await moderation.check({ ...request, roleIds: ['artist'] });
    const without = await moderation.check(request);
    expect(withRole.ok && withRole.limits.concurrent.value).toBe(4);
    expect(without.ok && without.limits.concurrent.value).toBe(3);
  });

  it('posts an audit entry to the mod-log channel, and reports a failed post without throwing', async () => {
    const ok = await setup(dialect);
    const silent = await ok.moderation.block(MOD, GUILD, ALICE, 'spam');
    expect(await ok.moderation.audit.publish(silent)).toEqual({ posted: false, reason: 'no mod-log channel is set' });
    await ok.moderation.setModLogChannel(MOD, GUILD, '400000000000000001');
    const entry = (await ok.moderation.unblock(MOD, GUILD, ALICE))!;
    expect(await ok.moderation.audit.publish(entry)).toEqual({ posted: true, channelId: '400000000000000001' });
    expect(ok.posts[0]?.message.embeds?.[0]?.description).toBe(
      `<@${MOD}> unblocked <@${ALICE}> (was blocked for “spam”)`,
    );

    const failing = await setup(dialect, { ok: false, reason: 'Missing Access' });
    await failing.moderation.setModLogChannel(MOD, GUILD, '400000000000000001');
    const blocked = await failing.moderation.block(MOD, GUILD, ALICE, 'spam');
    expect(await failing.moderation.audit.publish(blocked)).toEqual({
      posted: false,
      channelId: '400000000000000001',
      reason: 'Missing Access',
    });
    expect((await failing.moderation.blockOf(GUILD, ALICE))?.reason).toBe('spam');
  });
});
