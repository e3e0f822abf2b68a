import type { ChatInputCommandInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaRegistry, type EmulatorLogger } from '../src/index.js';
import { type DiscordTestBed, expectNoViolations, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';

const row = (...ids: string[]) => ({
  type: 1,
  components: ids.map((id) => ({ type: 2, style: 1, label: 'go', custom_id: id })),
});

describe('request validation: what Discord rejects fails loudly', () => {
  let bed: DiscordTestBed;
  const logged: string[] = [];
  const logger: EmulatorLogger = { warn: (line) => logged.push(line) };
  beforeAll(async () => {
    bed = await startDiscord({ schemas: createSchemaRegistry(), logger });
  });
  afterAll(() => bed.close());

  async function deferred(): Promise<ChatInputCommandInteraction> {
    const received = nextCommand(bed.client);
    bed.emulator.invokeCommand(bed.emulator.users.alice, bed.emulator.channels.art, 'imagine', { prompt: 'x' });
    const interaction = await received;
    await interaction.deferReply();
    return interaction;
  }

  /** Sends a raw payload (builders would refuse it client-side) and returns the recorded violation. */
  async function rejected(payload: Record<string, unknown>) {
    const interaction = await deferred();
    const before = bed.emulator.violations.length;
    await expect(interaction.editReply(payload)).rejects.toMatchObject({ code: 50035, status: 400 });
    expect(bed.emulator.violations).toHaveLength(before + 1);
    return bed.emulator.violations.at(-1);
  }

  it('rejects six action rows', async () => {
    const violation = await rejected({ components: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => row(id)) });
    expect(violation?.errors).toMatchObject({ components: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } });
  });

  it('rejects a 101-character custom_id', async () => {
    const violation = await rejected({ components: [row('x'.repeat(101))] });
    expect(violation?.errors).toMatchObject({
      components: { 0: { components: { 0: { custom_id: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
  });

  it('rejects duplicate custom_ids and six buttons in a row', async () => {
    await rejected({ components: [row('same', 'same')] });
    await rejected({ components: [row('1', '2', '3', '4', '5', '6')] });
  });

  it('rejects 2001 characters of content (the docs limit, not the spec 4000)', async () => {
    const violation = await rejected({ content: 'x'.repeat(2001) });
    expect(violation?.message).toContain('content');
  });

  it('rejects bad embeds: long title, too many fields, over 6000 characters in total', async () => {
    await rejected({ embeds: [{ title: 't'.repeat(257) }] });
    await rejected({ embeds: [{ fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] });
    const violation = await rejected({ embeds: [1, 2].map(() => ({ description: 'd'.repeat(3500) })) });
    expect(violation?.message).toContain('6000');
  });

  it('rejects a modal title over 45 characters', async () => {
    const received = nextCommand(bed.client);
    bed.emulator.invokeCommand(bed.emulator.users.alice, bed.emulator.channels.art, 'imagine', { prompt: 'x' });
    const interaction = await received;
    await expect(
      interaction.showModal({
        custom_id: 'm',
        title: 'x'.repeat(46),
        components: [{ type: 1, components: [{ type: 4, custom_id: 'a', label: 'A', style: 1 }] }],
      }),
    ).rejects.toMatchObject({ code: 50035 });
  });

  it('logs each violation, and the helper fails a test on any', () => {
    expect(logged.length).toBe(bed.emulator.violations.length);
    expect(logged[0]).toMatch(
      /^VIOLATION \(limits\) PATCH \/webhooks\/:application\/:token\/messages\/:message: 50035/,
    );
    expect(() => expectNoViolations(bed.emulator)).toThrow(/recorded \d+ violation/);
  });
});
