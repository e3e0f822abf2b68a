import {
  type APIEmbedField,
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { MAX_TERMS_PER_LIST } from '../src/content/content-policy.js';
import { confirmChange } from '../src/discord/confirm-change.js';
import type { ListName, StoredTerm, TermKind } from '../src/domain/content.js';
import { slashCommand } from '../src/interactions/commands.js';
import { requireModerator } from '../src/moderation/moderator.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

const LIST_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'list',
  description: 'blocklist (refused everywhere, the default) or nsfw (refused outside age-restricted channels)',
  choices: [
    { name: 'blocklist', value: 'block' },
    { name: 'nsfw', value: 'nsfw' },
  ],
} as const;

const KIND_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'kind',
  description: 'A word or phrase (the default), or a regular expression',
  choices: [
    { name: 'word', value: 'word' },
    { name: 'regex', value: 'regex' },
  ],
} as const;

const TERM_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'term',
  description: 'A word or phrase (`*` at either end: any word starting or ending with it), or a pattern',
  required: true,
  max_length: 200,
} as const;

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
} as const;

const LIST_LABEL: Record<ListName, string> = { block: 'blocklist', nsfw: 'NSFW list' };

/** Terms as a moderator reads them, within an embed field's 1024 characters. */
function describeTerms(terms: readonly StoredTerm[]): string {
  if (terms.length === 0) return 'empty';
  const parts = terms.map((t) => {
    const shown = t.kind === 'regex' ? `\`/${t.term}/\`` : `\`${t.term}\``;
    return t.enabled ? shown : `~~${shown}~~ (off: the engine cannot run it)`;
  });
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
  args: { term: string; list?: ListName; kind?: TermKind },
): Promise<void> {
  const list = args.list ?? 'block';
  const kind = args.kind ?? 'word';
  const result =
    action === 'add'
      ? await ctx.content.add(interaction.user.id, guildId, list, kind, args.term)
      : await ctx.content.remove(interaction.user.id, guildId, list, kind, args.term);
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

async function show(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  guildId: string,
  only: ListName | undefined,
): Promise<void> {
  const lists: ListName[] = only ? [only] : ['block', 'nsfw'];
  const fields: APIEmbedField[] = [];
  for (const list of lists) {
    const terms = await ctx.content.terms(guildId, list);
    fields.push({
      name: `${list === 'block' ? '🚫 Blocklist' : '🔞 NSFW list'} (${terms.length}/${MAX_TERMS_PER_LIST})`,
      value: describeTerms(terms),
    });
  }
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

export const blocklist = slashCommand<BotContext, typeof blocklistDefinition>(blocklistDefinition, {
  async execute(interaction, args, ctx) {
    const guildId = await requireModerator(interaction, ctx.moderation, '/blocklist');
    switch (args.subcommand) {
      case 'add':
      case 'remove':
        return change(interaction, ctx, guildId, args.subcommand, args);
      case 'list':
        return show(interaction, ctx, guildId, args.list);
    }
  },
});
