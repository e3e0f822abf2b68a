import type { Command } from '../src/interactions/commands.js';
import type { Component } from '../src/interactions/components.js';
import { removeBackgroundApp, upscaleApp, varyApp } from './apps/direct-apps.js';
import { imagePromptApp, imagePromptPick, imagePromptSubmit } from './apps/image-prompt.js';
import { blend } from './blend.js';
import { block } from './block.js';
import { blocklist } from './blocklist.js';
import { budget } from './budget.js';
import type { BotContext } from './context.js';
import { helpCommand } from './help.js';
import { cancel } from './imagine/cancel.js';
import { imagine } from './imagine/command.js';
import { remove } from './imagine/delete.js';
import { info } from './imagine/info.js';
import { remix, remixSubmit } from './imagine/remix.js';
import { reroll } from './imagine/reroll.js';
import { removeBackground } from './imagine/tools/background.js';
import { open } from './imagine/tools/open.js';
import { outpaintButtons } from './imagine/tools/outpaint.js';
import { recolor, recolorSubmit, varyRegion, varyRegionSubmit } from './imagine/tools/search-edit.js';
import { upscaleCreative, upscaleSubtle } from './imagine/tools/upscales.js';
import { upscale } from './imagine/upscale.js';
import { varyStrong, varyStrongRemix, varySubtle, varySubtleRemix } from './imagine/vary.js';
import { limits } from './limits.js';
import { modlog } from './modlog.js';
import { quota } from './quota.js';
import { reportAllow, reportDismiss } from './report/decide.js';
import { report } from './report/report.js';
import { settings } from './settings.js';
import { show } from './show.js';
import { unblock } from './unblock.js';
import { usage } from './usage.js';

/** Every slash command and app, in the order Discord lists them. New commands are added here, by hand. */
export const commands: readonly Command<BotContext>[] = [
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
  blend,
  settings,
  // Reads both lists when it runs, so it always lists every command and button registered here.
  helpCommand(() => ({ commands, components })),
  varyApp.command,
  upscaleApp.command,
  removeBackgroundApp.command,
  imagePromptApp,
];

/** Every button and modal; the router and the custom_id codec are built from this list (a duplicate stops the start). */
export const components: readonly Component<BotContext>[] = [
  reroll,
  varySubtle,
  varyStrong,
  upscale,
  remix,
  remixSubmit,
  info,
  cancel,
  remove,
  report,
  reportAllow,
  reportDismiss,
  varySubtleRemix,
  varyStrongRemix,
  varyApp.pick,
  upscaleApp.pick,
  removeBackgroundApp.pick,
  imagePromptPick,
  imagePromptSubmit,
  // The editing tools under a single image (issue 18), and Open under a grid.
  open,
  ...outpaintButtons,
  varyRegion,
  varyRegionSubmit,
  recolor,
  recolorSubmit,
  removeBackground,
  upscaleSubtle,
  upscaleCreative,
];
