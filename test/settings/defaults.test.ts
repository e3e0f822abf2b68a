import { describe, expect, it } from 'vitest';
import { decodeSettings } from '../../src/domain/settings.js';
import { applyDefaults } from '../../src/settings/defaults.js';

const all = { model: true, aspectRatio: true, style: true, count: true };

describe('member settings', () => {
  it('reads back only valid values, ignoring what another version (or a hand-edited row) left', () => {
    expect(
      decodeSettings({
        model: 'sd3-large',
        aspect_ratio: '16:9',
        style: 'anime',
        count: '9',
        negative_prompt: 'blur',
        suffix: '',
        remix: 'on',
        colour: 'blue',
      }),
    ).toEqual({ aspect_ratio: '16:9', style: 'anime', negative_prompt: 'blur', remix: true });
  });

  it('fills only what the command left out, adds the "always" texts, and names what it used', () => {
    const settings = { model: 'ultra', aspect_ratio: '2:3', count: 2, negative_prompt: 'text', suffix: '4k' } as const;
    expect(applyDefaults({ prompt: 'a cat', model: 'core', negativePrompt: 'blur' }, settings, all)).toEqual({
      prompt: 'a cat 4k',
      model: 'core',
      aspectRatio: '2:3',
      count: 2,
      negativePrompt: 'blur, text',
      fromDefaults: ['aspect ratio', 'count', 'negative prompt', 'prompt suffix'],
      modelFromDefaults: false,
    });
    // A sketch takes neither a model nor an aspect ratio: those defaults stay out, and out of the list.
    const sketch = applyDefaults({ prompt: 'a cat' }, settings, { ...all, model: false, aspectRatio: false });
    expect(sketch.model).toBeUndefined();
    expect(sketch.aspectRatio).toBeUndefined();
    expect(sketch.fromDefaults).toEqual(['count', 'negative prompt', 'prompt suffix']);
  });
});
