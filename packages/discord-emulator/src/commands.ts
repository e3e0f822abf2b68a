import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { EmulatorEvents } from './events.js';

/** What the bot registered, per scope; the playground builds its command composer from this. */
export interface CommandStore {
  /** `guildId` null = global commands. */
  list(guildId: string | null): APIApplicationCommand[];
  replace(guildId: string | null, commands: APIApplicationCommand[]): void;
  /** A chat-input command as a user in that guild would see it: guild commands shadow global ones. */
  find(name: string, guildId: string): APIApplicationCommand | undefined;
  /** The same for any command type (1 chat input, 2 user, 3 message context menu). */
  findOfType(name: string, type: number, guildId: string): APIApplicationCommand | undefined;
  /** Names of one type a user in that guild can see, for error messages. */
  namesOfType(type: number, guildId: string): string[];
  /** Whether the bot registered anything at all (if not, invocations infer option types). */
  isEmpty(): boolean;
}

export function createCommandStore(events: EmulatorEvents): CommandStore {
  const scopes = new Map<string, APIApplicationCommand[]>();
  const keyOf = (guildId: string | null) => guildId ?? 'global';
  const findOfType = (name: string, type: number, guildId: string) => {
    const match = (c: APIApplicationCommand) => c.name === name && (c.type ?? 1) === type;
    return scopes.get(guildId)?.find(match) ?? scopes.get('global')?.find(match);
  };
  return {
    list: (guildId) => [...(scopes.get(keyOf(guildId)) ?? [])],
    replace(guildId, commands) {
      scopes.set(keyOf(guildId), [...commands]);
      events.emit('commands', { guildId, commands: [...commands] });
    },
    find: (name, guildId) => findOfType(name, 1, guildId),
    findOfType,
    namesOfType: (type, guildId) =>
      [...(scopes.get('global') ?? []), ...(scopes.get(guildId) ?? [])]
        .filter((c) => (c.type ?? 1) === type)
        .map((c) => c.name),
    isEmpty: () => [...scopes.values()].every((list) => list.length === 0),
  };
}
