import { type APIEmbed, type APIEmbedField, InteractionContextType, MessageFlags } from 'discord.js';
import { IMAGE_MODE_INFO, inputEndpoint } from '../src/domain/image-modes.js';
import { IMAGE_MODES } from '../src/domain/job.js';
import { formatLimitValue, LIMIT_KEYS, LIMITS } from '../src/domain/limits.js';
import { formatAmount, formatCredits } from '../src/format/credits.js';
import { type Command, slashCommand } from '../src/interactions/commands.js';
import type { Component } from '../src/interactions/components.js';
import { memberRoleIds } from '../src/interactions/member.js';
import { ENDPOINTS, MODEL_IDS, MODELS, UPSCALE_FAST_CREDITS } from '../src/stability/models.js';
import type { BotContext } from './context.js';

/** What /help lists: the bot's own command and component lists, read when it runs, so it never goes stale. */
export interface Catalog {
  commands: readonly Command<BotContext>[];
  components: readonly Component<BotContext>[];
}

const FIELD_MAX = 1024;

/** Lines as embed fields of at most 1024 characters each, named `name`, then `name (more)`. */
function fieldsOf(name: string, lines: readonly string[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let value = '';
  for (const line of lines) {
    if (value && value.length + 1 + line.length > FIELD_MAX) {
      fields.push({ name: fields.length === 0 ? name : `${name} (more)`, value });
      value = '';
    }
    value = value ? `${value}\n${line}` : line.slice(0, FIELD_MAX);
  }
  if (value) fields.push({ name: fields.length === 0 ? name : `${name} (more)`, value });
  return fields;
}

function commandLines(catalog: Catalog): { members: string[]; moderators: string[]; apps: string[] } {
  const members: string[] = [];
  const moderators: string[] = [];
  const apps: string[] = [];
  for (const command of catalog.commands) {
    if (command.kind === 'message') {
      apps.push(`**${command.data.name}** — ${command.help ?? 'acts on the message'}`);
    } else if (command.data.default_member_permissions !== undefined) {
      moderators.push(`/${command.data.name}`);
    } else {
      members.push(`**/${command.data.name}** — ${command.data.description}`);
    }
  }
  return { members, moderators, apps };
}

function buttonLines(catalog: Catalog): string[] {
  return catalog.components.flatMap((component) =>
    component.kind === 'button' && component.target === 'job'
      ? [`**${component.look.label}** — ${component.help ?? 'its price is in the “Next steps” line under each result'}`]
      : [],
  );
}

function priceLines(): string[] {
  const models = MODEL_IDS.map((id) => `${MODELS[id].label} ${formatAmount(MODELS[id].credits)}`).join(' · ');
  const modes = IMAGE_MODES.flatMap((mode) => {
    const endpoint = inputEndpoint(mode);
    return endpoint ? [`${IMAGE_MODE_INFO[mode].label} ${formatAmount(ENDPOINTS[endpoint].credits)}`] : [];
  }).join(' · ');
  return [
    `Models, per image: ${models}.`,
    `Your images: reference at the model's price (Core runs on SD 3.5 Large) · ${modes} · ` +
      `remove background ${formatAmount(ENDPOINTS['remove-background'].credits)} · fast upscale ` +
      `${formatAmount(UPSCALE_FAST_CREDITS)}.`,
    '1 credit = US$0.01. A job of `count` n costs n times its price; a refusal by Stability costs nothing.',
  ];
}

const QUEUE = [
  'Every job waits in one queue shared by everyone, and members take turns: a burst from one person cannot push ' +
    "the others back. The bot sends exactly as fast as Stability's rate limit allows and never retries a paid call.",
  'Your reply shows your place and an estimated wait, and updates as it moves; ✖ Cancel takes a waiting job out. ' +
    'Jobs that fail without a charge are refunded: they do not count against your limits.',
];

/** Discord's limits for the embeds of one message: 6000 characters in all, 25 fields. */
const MESSAGE_CHARS = 5_800;
const MESSAGE_FIELDS = 25;

const size = (field: APIEmbedField) => field.name.length + field.value.length;

/** The fields in as few messages as Discord allows, in order (more buttons from new tools just add a message). */
export function helpPages(title: string, description: string, fields: readonly APIEmbedField[]): APIEmbed[] {
  const embeds: APIEmbed[] = [{ title, description, fields: [], color: 0x5865f2 }];
  let used = title.length + description.length;
  for (const field of fields) {
    let current = embeds.at(-1);
    if (!current?.fields || used + size(field) > MESSAGE_CHARS || current.fields.length >= MESSAGE_FIELDS) {
      current = { title: `${title} (continued)`, fields: [], color: 0x5865f2 };
      embeds.push(current);
      used = current.title?.length ?? 0;
    }
    current.fields?.push(field);
    used += size(field);
  }
  return embeds;
}

export const helpDefinition = {
  name: 'help',
  description: 'Commands, buttons and their prices, your limits, and how the queue works (only you see it)',
  contexts: [InteractionContextType.Guild],
} as const;

/** `/help`: commands, apps, every button with its price, the member's limits in one line, and how the queue works. */
export function helpCommand(catalog: () => Catalog) {
  return slashCommand<BotContext, typeof helpDefinition>(helpDefinition, {
    async execute(interaction, _args, ctx) {
      const { members, moderators, apps } = commandLines(catalog());
      const limits = await ctx.moderation.effective(interaction.guildId ?? undefined, {
        kind: 'user',
        userId: interaction.user.id,
        roleIds: memberRoleIds(interaction.member, interaction.guildId),
      });
      const limitLine = LIMIT_KEYS.map((key) => `${LIMITS[key].label}: ${formatLimitValue(key, limits[key].value)}`);
      const description = [
        ...members,
        ...(moderators.length > 0 ? [`Moderators: ${moderators.join(', ')}.`] : []),
      ].join('\n');
      const fields = [
        ...fieldsOf('Apps (right-click a message with an image → Apps)', [
          ...apps,
          'On a message with several images, you pick one with the buttons 1–n.',
        ]),
        ...fieldsOf('Buttons under a result', [
          'In remix mode (`/settings set remix:True`), 🔄 and V open the prompt form first.',
          ...buttonLines(catalog()),
        ]),
        ...fieldsOf('Using your own image (/imagine image:)', [
          ...IMAGE_MODES.filter((mode) => mode !== 'blend').map(
            (mode) => `**${mode}** — ${IMAGE_MODE_INFO[mode].what}`,
          ),
          `/blend — ${IMAGE_MODE_INFO.blend.what} (${formatCredits(ENDPOINTS['style-transfer'].credits)})`,
        ]),
        ...fieldsOf('Prices (credits)', priceLines()),
        ...fieldsOf('Your limits here', [limitLine.join(' · ')]),
        ...fieldsOf('The queue', QUEUE),
      ];
      const [first, ...more] = helpPages('imagine-bot: what you can do', description, fields);
      const answer = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
      await interaction.reply({ ...answer, embeds: first ? [first] : [] });
      for (const embed of more) await interaction.followUp({ ...answer, embeds: [embed] });
    },
  });
}
