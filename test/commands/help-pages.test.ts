import { describe, expect, it } from 'vitest';
import { helpPages } from '../../commands/help.js';

describe('/help pages', () => {
  it('keeps every field, in order, within 6000 characters and 25 fields per message', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `Section ${i}`, value: 'x'.repeat(400) }));
    const embeds = helpPages('Help', 'intro', fields);
    expect(embeds.length).toBeGreaterThan(1);
    expect(embeds.flatMap((e) => e.fields ?? [])).toEqual(fields);
    for (const embed of embeds) {
      const chars =
        (embed.title ?? '').length +
        (embed.description ?? '').length +
        (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
      expect(chars).toBeLessThanOrEqual(6000);
      expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
    }
  });
});
