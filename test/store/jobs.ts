import type { NewJob } from '../../src/domain/job.js';

export const GUILD = '100000000000000001';
export const CHANNEL = '300000000000000001';

/** A job as admission would write it, for one member (`user`) and one image unless told otherwise. */
export function newJob(user: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    kind: 'imagine',
    guildId: GUILD,
    channelId: CHANNEL,
    userId: user,
    userName: `user ${user}`,
    params: { prompt: `a picture for ${user}`, model: 'core', count: 1 },
    applicationId: '1',
    interactionId: '1',
    interactionToken: 'token',
    uploadLimit: 10_485_760,
    estimatedCredits: 3,
    ...overrides,
  };
}
