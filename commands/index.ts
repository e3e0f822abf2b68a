import type { Command } from '../src/context.js';
import { block } from './block.js';
import { blocklist } from './blocklist.js';
import { budget } from './budget.js';
import { imagine } from './imagine.js';
import { limits } from './limits.js';
import { modlog } from './modlog.js';
import { quota } from './quota.js';
import { show } from './show.js';
import { unblock } from './unblock.js';
import { usage } from './usage.js';

/** Every slash command, in the order Discord lists them. New commands are added here, by hand. */
export const commands: readonly Command[] = [
  imagine,
  show,
  usage,
  limits,
  block,
  unblock,
  quota,
  modlog,
  budget,
  blocklist,
];
