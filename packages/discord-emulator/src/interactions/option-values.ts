import type { APIApplicationCommandOption, APIInteractionDataResolved } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import { apiAttachment } from '../messages/attachments.js';
import { isUserFile, storeUserFile } from '../messages/user-files.js';
import { apiMember, apiRole, apiUser } from '../wire.js';
import { type CommandOptionValue, EmulatorUsageError, OptionType } from './command-options.js';

export type ResolvedCollections = Required<
  Pick<APIInteractionDataResolved, 'users' | 'members' | 'roles' | 'channels' | 'attachments'>
>;

export function inferType(value: CommandOptionValue): number {
  if (typeof value === 'string') return OptionType.String;
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  if (isUserFile(value)) return OptionType.Attachment;
  return value.kind === 'user' ? OptionType.User : value.kind === 'role' ? OptionType.Role : OptionType.Channel;
}

/** What the Discord client enforces before sending: choices, lengths, ranges, kinds. */
export function checkValue(definition: APIApplicationCommandOption, value: CommandOptionValue): void {
  const fail: (why: string) => never = (why) => {
    throw new EmulatorUsageError(`option "${definition.name}": ${why}`);
  };
  const d = definition as APIApplicationCommandOption & Record<string, unknown>;
  const choices = Array.isArray(d.choices) ? (d.choices as { value: unknown }[]) : undefined;
  if (choices && !choices.some((c) => c.value === value)) fail(`${JSON.stringify(value)} is not one of the choices`);
  if (definition.type === OptionType.String) {
    if (typeof value !== 'string') fail('expects a string');
    if (typeof d.min_length === 'number' && value.length < d.min_length)
      fail(`shorter than min_length ${d.min_length}`);
    if (typeof d.max_length === 'number' && value.length > d.max_length) fail(`longer than max_length ${d.max_length}`);
    if (value.length > 6000) fail('longer than 6000 characters');
  } else if (definition.type === OptionType.Integer || definition.type === OptionType.Number) {
    if (typeof value !== 'number' || (definition.type === OptionType.Integer && !Number.isInteger(value)))
      fail('expects a number of the declared kind');
    if (typeof d.min_value === 'number' && value < d.min_value) fail(`below min_value ${d.min_value}`);
    if (typeof d.max_value === 'number' && value > d.max_value) fail(`above max_value ${d.max_value}`);
  } else if (definition.type === OptionType.Boolean && typeof value !== 'boolean') {
    fail('expects a boolean');
  } else if (definition.type === OptionType.Attachment && !isUserFile(value)) {
    fail('expects a file ({ filename, bytes })');
  }
}

/** The wire value; users, roles and channels also land in `resolved`, as Discord sends them. */
export function wireValue(
  ctx: EmulatorContext,
  type: number,
  name: string,
  value: CommandOptionValue,
  resolved: ResolvedCollections,
  guildId: string,
  channelId: string,
): string | number | boolean {
  if (
    type === OptionType.String ||
    type === OptionType.Integer ||
    type === OptionType.Number ||
    type === OptionType.Boolean
  ) {
    if (typeof value === 'object') throw new EmulatorUsageError(`option "${name}" expects a ${typeof value} value`);
    return value;
  }
  if (type === OptionType.Attachment) {
    if (!isUserFile(value)) throw new EmulatorUsageError(`option "${name}" expects a file ({ filename, bytes })`);
    // The client uploads the file before sending the command; the bot gets its CDN URL in `resolved.attachments`.
    const file = storeUserFile(ctx, channelId, value);
    ctx.store.addLooseAttachment(file);
    resolved.attachments[file.id] = apiAttachment(file, true);
    return file.id;
  }
  if (isUserFile(value)) throw new EmulatorUsageError(`option "${name}" is not an ATTACHMENT option`);
  const id = typeof value === 'object' ? value.id : String(value);
  const user = ctx.world.users.get(id);
  const role = ctx.world.roles.get(id);
  const channel = ctx.world.channels.get(id);
  const guild = ctx.world.guilds.get(guildId);
  if ((type === OptionType.User || type === OptionType.Mentionable) && user) {
    resolved.users[id] = apiUser(user);
    if (guild?.members.has(id)) {
      const { user: _user, deaf: _deaf, mute: _mute, ...member } = apiMember(ctx.world, guild, id);
      resolved.members[id] = { ...member, permissions: ctx.world.channelPermissions(channelId, id).toString() };
    }
    return id;
  }
  if ((type === OptionType.Role || type === OptionType.Mentionable) && role) {
    resolved.roles[id] = apiRole(role, ctx.world.bot.id);
    return id;
  }
  if (type === OptionType.Channel && channel) {
    resolved.channels[id] = {
      id,
      type: channel.type,
      name: channel.name,
      permissions: ctx.world.channelPermissions(channel.id, ctx.world.bot.id).toString(),
      guild_id: channel.guildId,
      nsfw: channel.nsfw,
      parent_id: null,
    } as NonNullable<APIInteractionDataResolved['channels']>[string];
    return id;
  }
  throw new EmulatorUsageError(
    `option "${name}": ${JSON.stringify(id)} is not a known ${['', '', '', '', '', '', 'user', 'channel', 'role', 'user or role'][type] ?? 'entity'}`,
  );
}
