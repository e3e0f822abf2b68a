import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createAudit } from '../../src/moderation/audit.js';
import type { ChannelPost, PostResult } from '../../src/moderation/mod-log.js';
import { createModeration } from '../../src/moderation/moderation.js';
import { openDatabase } from '../../src/store/database.js';
import { createJobStore } from '../../src/store/job-store.js';
import { createModerationStore } from '../../src/store/moderation-store.js';
import { createUsageStore } from '../../src/store/usage-store.js';

const GUILD = '100000000000000001';
const ALICE = '200000000000000001';
const MOD = '200000000000000009';

function setup(postResult: PostResult = { ok: true, messageId: '1' }) {
  const db = openDatabase(':memory:');
  const clock = createManualClock(Date.UTC(2026, 0, 10, 12));
  const jobs = createJobStore(db, clock);
  const store = createModerationStore(db);
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
    usage: createUsageStore(db),
    jobs,
    audit,
    limits: { queuedPerUser: 5, concurrentPerUser: 2, jobsPerHour: 30, maxCount: 4 },
    clock,
  });
  const addJob = () =>
    jobs.create({
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
    });
  return { db, clock, jobs, moderation, addJob, posts };
}

const request = { guildId: GUILD, userId: ALICE, kind: 'imagine', model: 'core', count: 1 } as const;

describe('moderation service', () => {
  it('counts only jobs after a /quota reset, and keeps the rows', () => {
    const { clock, jobs, moderation, addJob } = setup();
    moderation.setLimit(MOD, GUILD, 'guild', GUILD, 'jobs_per_hour', 1);
    moderation.setLimit(MOD, GUILD, 'guild', GUILD, 'cooldown', 600);
    const job = addJob();
    expect(moderation.check(request)).toMatchObject({ ok: false });
    clock.advance(1);
    const entry = moderation.resetQuota(MOD, GUILD, ALICE);
    expect(entry.before).toEqual({ jobsLastHour: 1, lastJobAt: job.createdAt });
    expect(moderation.check(request)).toMatchObject({ ok: true });
    expect(jobs.get(job.id)).toBeDefined();
  });

  it('records every change with its before and after, in order', () => {
    const { moderation } = setup();
    moderation.setLimit(MOD, GUILD, 'user', ALICE, 'models', ['core']);
    moderation.setLimit(MOD, GUILD, 'user', ALICE, 'models', 'all');
    expect(moderation.resetLimits(MOD, GUILD, 'user', ALICE, 'queued')).toBeUndefined();
    moderation.resetLimits(MOD, GUILD, 'user', ALICE);
    const entries = moderation.audit.history(GUILD, 10).map((e) => [e.action, e.before, e.after]);
    expect(entries).toEqual([
      ['limit.reset', { models: 'all' }, null],
      ['limit.set', { models: ['core'] }, { models: 'all' }],
      ['limit.set', null, { models: ['core'] }],
    ]);
  });

  it('sizes the runner group from the last request, or after a restart from the user and server levels', () => {
    const { moderation } = setup();
    moderation.setLimit(MOD, GUILD, 'role', 'artist', 'concurrent', 4);
    moderation.setLimit(MOD, GUILD, 'guild', GUILD, 'concurrent', 3);
    expect(moderation.check({ ...request, roleIds: ['artist'] })).toMatchObject({ ok: true });
    expect(moderation.concurrencyFor(ALICE)).toBe(4);
    // A fresh service (a restart) does not know alice's roles until her next request.
    const restarted = setup();
    restarted.moderation.setLimit(MOD, GUILD, 'guild', GUILD, 'concurrent', 3);
    restarted.addJob();
    expect(restarted.moderation.concurrencyFor(ALICE)).toBe(3);
    restarted.moderation.setLimit(MOD, GUILD, 'user', ALICE, 'concurrent', 0);
    // Never 0 for the runner: jobs already queued must still be able to run.
    expect(restarted.moderation.concurrencyFor(ALICE)).toBe(1);
  });

  it('posts an audit entry to the mod-log channel, and reports a failed post without throwing', async () => {
    const ok = setup();
    const silent = ok.moderation.block(MOD, GUILD, ALICE, 'spam');
    expect(await ok.moderation.audit.publish(silent)).toEqual({ posted: false, reason: 'no mod-log channel is set' });
    ok.moderation.setModLogChannel(MOD, GUILD, '400000000000000001');
    const entry = ok.moderation.unblock(MOD, GUILD, ALICE)!;
    expect(await ok.moderation.audit.publish(entry)).toEqual({ posted: true, channelId: '400000000000000001' });
    expect(ok.posts[0]?.message.embeds?.[0]?.description).toBe(
      `<@${MOD}> unblocked <@${ALICE}> (was blocked for “spam”)`,
    );

    const failing = setup({ ok: false, reason: 'Missing Access' });
    failing.moderation.setModLogChannel(MOD, GUILD, '400000000000000001');
    const blocked = failing.moderation.block(MOD, GUILD, ALICE, 'spam');
    expect(await failing.moderation.audit.publish(blocked)).toEqual({
      posted: false,
      channelId: '400000000000000001',
      reason: 'Missing Access',
    });
    expect(failing.moderation.blockOf(GUILD, ALICE)?.reason).toBe('spam');
  });
});
