import { describe, expect, it } from 'vitest';
import { components } from '../../commands/index.js';
import { encodeCustomId, parseCustomId } from '../../src/interactions/custom-id.js';

/**
 * Every action ever released, with the shape its custom_ids have on messages already posted. Frozen: a message
 * from any earlier version must keep working, so an entry may never change or go; new actions are appended.
 */
const RELEASED = [
  { action: 'reroll', target: 'job', indexed: false },
  { action: 'vary-subtle', target: 'job', indexed: true },
  { action: 'vary-strong', target: 'job', indexed: true },
  { action: 'upscale', target: 'job', indexed: true },
  { action: 'remix', target: 'job', indexed: false },
  { action: 'remix-submit', target: 'job', indexed: false },
  { action: 'info', target: 'job', indexed: false },
  { action: 'cancel', target: 'job', indexed: false },
  { action: 'delete', target: 'job', indexed: false },
  { action: 'report', target: 'job', indexed: false },
  { action: 'report-dismiss', target: 'job', indexed: false },
  { action: 'report-allow', target: 'job', indexed: false },
  // Issue 19: variations in remix mode, the message apps' image pickers and the image-prompt form.
  { action: 'vary-subtle-remix', target: 'job', indexed: true },
  { action: 'vary-strong-remix', target: 'job', indexed: true },
  { action: 'app-vary', target: 'message', indexed: true },
  { action: 'app-upscale', target: 'message', indexed: true },
  { action: 'app-remove-bg', target: 'message', indexed: true },
  { action: 'app-prompt', target: 'message', indexed: true },
  { action: 'app-prompt-submit', target: 'message', indexed: true },
  // Issue 18: Open under a grid, and the editing tools under a single image.
  { action: 'open', target: 'job', indexed: true },
  { action: 'zoom-out-2', target: 'job', indexed: true },
  { action: 'zoom-out-1.5', target: 'job', indexed: true },
  { action: 'make-square', target: 'job', indexed: true },
  { action: 'pan-left', target: 'job', indexed: true },
  { action: 'pan-right', target: 'job', indexed: true },
  { action: 'pan-up', target: 'job', indexed: true },
  { action: 'pan-down', target: 'job', indexed: true },
  { action: 'vary-region', target: 'job', indexed: true },
  { action: 'vary-region-submit', target: 'job', indexed: true },
  { action: 'recolor', target: 'job', indexed: true },
  { action: 'recolor-submit', target: 'job', indexed: true },
  { action: 'remove-background', target: 'job', indexed: true },
  { action: 'upscale-subtle', target: 'job', indexed: true },
  { action: 'upscale-creative', target: 'job', indexed: true },
] as const;

const JOB = 'k3f9x2m1q8';
const MESSAGE = '1301234567890123456';

describe('released custom_ids', () => {
  const registered = new Map(components.map((c) => [c.action, c]));

  it('every released action is still registered with the shape its old messages carry', () => {
    for (const shape of RELEASED) {
      const module = registered.get(shape.action);
      expect(module, shape.action).toBeDefined();
      expect({ action: module?.action, target: module?.target, indexed: module?.indexed }).toEqual(shape);
    }
  });

  it('every registered action is in the released list (a new one is appended there, once)', () => {
    const released = new Set<string>(RELEASED.map((shape) => shape.action));
    expect(components.map((c) => c.action).filter((action) => !released.has(action))).toEqual([]);
    expect(released.size).toBe(RELEASED.length);
  });

  it('an id written by an old message parses back to the same action, job and image', () => {
    const shapes = new Map(components.map((c) => [c.action, c]));
    for (const shape of RELEASED) {
      const index = shape.indexed ? 3 : undefined;
      const target =
        shape.target === 'job'
          ? { kind: 'job' as const, jobId: JOB }
          : { kind: 'message' as const, messageId: MESSAGE };
      const ref = shape.target === 'job' ? JOB : `m${MESSAGE}`;
      const text = shape.indexed ? `v1:${shape.action}:${ref}:3` : `v1:${shape.action}:${ref}`;
      expect(encodeCustomId(shape, target, index)).toBe(text);
      expect(parseCustomId(text, shapes)).toEqual({
        ok: true,
        value: { action: shape.action, target, ...(shape.indexed ? { index: 3 } : {}) },
      });
    }
  });
});
