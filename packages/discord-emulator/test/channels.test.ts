import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaRegistry, Permission } from '../src/index.js';
import { type DiscordTestBed, startDiscord } from '../src/testing/discord.js';
import { nextCommand } from '../src/testing/interactions.js';
import { makePng } from './png.js';

describe('channel messages with the bot token', () => {
  let bed: DiscordTestBed;
  beforeAll(async () => {
    bed = await startDiscord({ schemas: createSchemaRegistry(), logger: { warn: () => {} } });
  });
  afterAll(() => bed.close());

  const channel = (key: 'general' | 'art' | 'modLog') => {
    const found = bed.client.channels.cache.get(bed.emulator.channels[key].id);
    if (!found?.isSendable()) throw new Error(`#${key} is not sendable`);
    return found;
  };

  it('creates, lists, edits, replies to and deletes messages, files included', async () => {
    const png = makePng(8, 8);
    const first = await channel('general').send({ content: 'hello', files: [{ attachment: png, name: 'a.png' }] });
    expect(first.attachments.first()?.height).toBe(8);
    const reply = await first.reply('a reply');
    expect(reply.reference?.messageId).toBe(first.id);
    expect(bed.emulator.getMessage(reply.id)?.data.referenced_message?.id).toBe(first.id);
    const listed = await channel('general').messages.fetch({ limit: 10 });
    expect([...listed.keys()]).toEqual([reply.id, first.id]);
    const edited = await first.edit({ content: 'hello again', attachments: [] });
    expect(edited.attachments.size).toBe(0);
    expect(edited.editedTimestamp).not.toBeNull();
    await reply.delete();
    await expect(channel('general').messages.fetch({ message: reply.id, force: true })).rejects.toMatchObject({
      code: 10008,
    });
    await expect(bed.client.rest.get(Routes.channelMessages('123456789012345678'))).rejects.toMatchObject({
      code: 10003,
    });
  });

  it('answers 401 to a wrong bot token and reaches routes without one only where Discord does', async () => {
    const url = `${bed.emulator.restUrl}/v10/channels/${bed.emulator.channels.general.id}/messages`;
    const wrong = await fetch(url, { headers: { authorization: 'Bot wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toBe('application/json');
    expect(await wrong.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const unknown = await fetch(`${bed.emulator.restUrl}/v10/nope`, {
      headers: { authorization: `Bot ${bed.emulator.token}` },
    });
    expect(unknown.status).toBe(404);
    expect(bed.emulator.violations.at(-1)).toMatchObject({
      source: 'route',
      message: 'route not implemented by the emulator',
    });
  });

  it('enforces channel permissions and reports them in app_permissions', async () => {
    const { emulator, client } = bed;
    emulator.setChannelPermissions(emulator.channels.art, emulator.botUser, { deny: Permission.SendMessages });
    await expect(channel('art').send('nope')).rejects.toMatchObject({ code: 50013, status: 403 });
    const received = nextCommand(client);
    emulator.invokeCommand(emulator.users.alice, emulator.channels.art, 'imagine', { prompt: 'x' });
    const interaction = await received;
    expect(interaction.appPermissions.has('SendMessages')).toBe(false);
    expect(interaction.appPermissions.has('AttachFiles')).toBe(false);
    // Interaction responses need no channel permission.
    await interaction.reply('still fine');
    emulator.setChannelPermissions(emulator.channels.art, emulator.botUser, {});
    await channel('art').send('allowed again');
    // #mod-log hides itself from @everyone but lets the bot in; alice (no Moderator role) cannot use it.
    await channel('modLog').send('audit');
    expect(() => emulator.invokeCommand(emulator.users.alice, emulator.channels.modLog, 'imagine')).toThrow(/cannot/);
  });
});
