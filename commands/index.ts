import type { Command } from '../src/context.js';
import { imagine } from './imagine.js';
import { show } from './show.js';

/** Every slash command, in the order Discord lists them. New commands are added here, by hand. */
export const commands: readonly Command[] = [imagine, show];
