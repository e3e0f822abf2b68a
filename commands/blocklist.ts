import {
  type APIApplicationCommandStringOption,
  type APIEmbedField,
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_TERMS_PER_LIST } from '../src/content/content-policy.js';
import type { TermKind } from '../src/content/matcher.js';
import type { BotContext, Command } from '../src/context.js';
import { confirmChange } from '../src/moderation/announce.js';
import { requireModerator } from '../src/moderation/moderator.js';
import type { ListName, StoredTerm } from '../src/store/content-store.js';
import { UserError } from '../src/user-error.js';
import { reportButtons } from './report-buttons.js';

const LIST_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'list',
  description: 'blocklist (refused everywhere, the default) or nsfw (refused outside age-restricted channels)',
  choices: [
    { name: 'blocklist', value: 'block' },
    { name: 'nsfw', value: 'nsfw' },
  ],
} satisfies APIApplicationCommandStringOption;

const KIND_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'kind',
  description: 'A word or phrase (the default), or a regular expression',
  choices: [
    { name: 'word', value: 'word' },
    { name: 'regex', value: 'regex' },
  ],
} satisfies APIApplicationCommandStringOption;

const TERM_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'term',
  description: 'A word or phrase (`*` at either end: any word starting or ending with it), or a pattern',
  required: true,
  max_length: 200,
} satisfies APIApplicationCommandStringOption;

export const blocklistDefinition = {
  name: 'blocklist',
  description: 'Moderators: words and patterns refused in prompts',
  contexts: [InteractionContextType.Guild],
  // A first line only: a server can open the command to anyone, so the handler checks again at run time.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Refuse prompts containing a word, phrase or pattern (disguised spellings included)',
      options: [TERM_OPTION, LIST_OPTION, KIND_OPTION],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      description: 'Take a word, phrase or pattern off a list',
      options: [TERM_OPTION, LIST_OPTION, KIND_OPTION],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'list',
      description: 'Show the lists (only you see them)',
      options: [{ ...LIST_OPTION, description: 'One list only (default: both)' }],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const LIST_LABEL: Record<ListName, string> = { block: 'blocklist', nsfw: 'NSFW list' };

function listOf(interaction: ChatInputCommandInteraction): ListName {
  return interaction.options.getString('list') === 'nsfw' ? 'nsfw' : 'block';
}

function kindOf(interaction: ChatInputCommandInteraction): TermKind {
  return interaction.options.getString('kind') === 'regex' ? 'regex' : 'word';
}

/** Terms as a moderator reads them, within an embed field's 1024 characters. */
function describeTerms(terms: readonly StoredTerm[]): string {
  if (terms.length === 0) return 'empty';
  const parts = terms.map((t) => (t.kind === 'regex' ? `\`/${t.term}/\`` : `\`${t.term}\``));
  let text = '';
  for (const [index, part] of parts.entries()) {
    const next = text ? `${text} · ${part}` : part;
    if (next.length > 1000) return `${text} · … and ${parts.length - index} more`;
    text = next;
  }
  return text;
}

async function change(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  action: 'add' | 'remove',
): Promise<void> {
  const list = listOf(interaction);
  const kind = kindOf(interaction);
  const term = interaction.options.getString('term', true);
  const result =
    action === 'add'
      ? ctx.content.add(interaction.user.id, guildId, list, kind, term)
      : ctx.content.remove(interaction.user.id, guildId, list, kind, term);
  if (!result.ok) throw new UserError(result.message);
  const what = kind === 'regex' ? 'pattern' : 'word';
  await confirmChange(
    interaction,
    ctx.moderation.audit,
    action === 'add'
      ? `🚫 Added the ${what} to the ${LIST_LABEL[list]}. ${list === 'nsfw' ? 'Prompts containing it are refused outside age-restricted channels' : 'Prompts containing it are refused'}, without saying which term matched. Recorded as audit #${result.entry.id}.`
      : `↩️ Removed the ${what} from the ${LIST_LABEL[list]}. Recorded as audit #${result.entry.id}.`,
    result.entry,
  );
}

async function show(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const only = interaction.options.getString('list');
  const lists: ListName[] = only === 'nsfw' ? ['nsfw'] : only === 'block' ? ['block'] : ['block', 'nsfw'];
  const fields: APIEmbedField[] = lists.map((list) => {
    const terms = ctx.content.terms(guildId, list);
    return {
      name: `${list === 'block' ? '🚫 Blocklist' : '🔞 NSFW list'} (${terms.length}/${MAX_TERMS_PER_LIST})`,
      value: describeTerms(terms),
    };
  });
  await interaction.reply({
    embeds: [
      {
        title: 'Prompt lists',
        description:
          'Prompts are compared after folding case, accents, spacing and punctuation between letters, leetspeak ' +
          '(0→o, 1→i/l, 3→e, 4→a, 5→s, 7→t, @→a, $→s) and Cyrillic/Greek look-alikes. Words match whole words ' +
          '(plurals included); patterns see the folded prompt.',
        fields,
      },
    ],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

export const blocklist: Command = {
  data: blocklistDefinition,
  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const guildId = requireModerator(interaction, ctx.moderation, '/blocklist');
    switch (interaction.options.getSubcommand()) {
      case 'add':
        return change(interaction, ctx, guildId, 'add');
      case 'remove':
        return change(interaction, ctx, guildId, 'remove');
      case 'list':
        return show(interaction, ctx, guildId);
      default:
        throw new UserError('Unknown /blocklist subcommand.');
    }
  },
  // The appeal of a job Stability refused (🚩 under it) and the moderators' decision on the mod-log post.
  buttons: reportButtons,
};
