import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  Events,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type UserContextMenuCommandInteraction,
} from 'discord.js';

/** Resolves with the next interaction the client receives that passes `accept` (event-driven, no sleeps). */
export function nextInteraction<T extends Interaction>(client: Client, accept: (i: Interaction) => i is T): Promise<T> {
  return new Promise((resolve) => {
    const listener = (interaction: Interaction) => {
      if (!accept(interaction)) return;
      client.off(Events.InteractionCreate, listener);
      resolve(interaction);
    };
    client.on(Events.InteractionCreate, listener);
  });
}

export const nextCommand = (client: Client): Promise<ChatInputCommandInteraction> =>
  nextInteraction(client, (i): i is ChatInputCommandInteraction => i.isChatInputCommand());

export const nextButton = (client: Client): Promise<ButtonInteraction> =>
  nextInteraction(client, (i): i is ButtonInteraction => i.isButton());

export const nextModalSubmit = (client: Client): Promise<ModalSubmitInteraction> =>
  nextInteraction(client, (i): i is ModalSubmitInteraction => i.isModalSubmit());

export const nextAutocomplete = (client: Client): Promise<AutocompleteInteraction> =>
  nextInteraction(client, (i): i is AutocompleteInteraction => i.isAutocomplete());

export const nextMessageCommand = (client: Client): Promise<MessageContextMenuCommandInteraction> =>
  nextInteraction(client, (i): i is MessageContextMenuCommandInteraction => i.isMessageContextMenuCommand());

export const nextUserCommand = (client: Client): Promise<UserContextMenuCommandInteraction> =>
  nextInteraction(client, (i): i is UserContextMenuCommandInteraction => i.isUserContextMenuCommand());
