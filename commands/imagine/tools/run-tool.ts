import type { Job } from '../../../src/domain/job.js';
import type { ToolKind, ToolParams } from '../../../src/domain/tools.js';
import { toolParams } from '../../../src/jobs/derive.js';
import { type JobInteraction, submitJob } from '../../../src/jobs/submit.js';
import type { BotContext } from '../../context.js';

/**
 * Every tool's job takes the one path every job takes (admission, budget reservation, the queue): one image, made
 * from image `index` of `job`, which becomes its source (so the result links back to it).
 */
export function runTool(
  interaction: JobInteraction,
  ctx: BotContext,
  source: { job: Job; index: number },
  kind: ToolKind,
  tool?: ToolParams,
): Promise<Job | undefined> {
  return submitJob(interaction, ctx.submit, {
    kind,
    params: toolParams(source.job, tool),
    sourceJobId: source.job.id,
    sourceIndex: source.index,
  });
}
