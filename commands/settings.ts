import { type APIEmbed, ApplicationCommandOptionType, InteractionContextType, MessageFlags } from 'discord.js';
import { isModelAllowed } from '../src/domain/limits.js';
import {
  formatSetting,
  MAX_COUNT,
  MAX_DEFAULT_TEXT,
  type MemberSettings,
  SETTING_KEYS,
  SETTING_LABELS,
  type SettingKey,
  type SettingValue,
} from '../src/domain/settings.js';
import { formatCredits } from '../src/format/credits.js';
import { slashCommand } from '../src/interactions/commands.js';
import { memberRoleIds } from '../src/interactions/member.js';
import { ASPECT_RATIOS, MODEL_IDS, MODELS, STYLE_PRESETS } from '../src/stability/models.js';
import { UserError } from '../src/user-error.js';
import type { BotContext } from './context.js';

export const settingsDefinition = {
  name: 'settings',
  description: 'Your own defaults for /imagine, the same in every server (only you see them)',
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'view', description: 'Show your defaults' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'set',
      description: 'Change one or more defaults; options you give in a command always win',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'model',
          description: 'Default model',
          choices: MODEL_IDS.map((id) => ({
            name: `${MODELS[id].label} — ${formatCredits(MODELS[id].credits)}`,
            value: id,
          })),
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'aspect_ratio',
          description: 'Default shape',
          choices: ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'style',
          description: 'Default style preset',
          choices: STYLE_PRESETS.map((style) => ({ name: style, value: style })),
        },
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'count',
          description: 'Default number of images (each one is one paid call)',
          min_value: 1,
          max_value: MAX_COUNT,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'negative_prompt',
          description: 'Always added to the negative prompt of your jobs',
          max_length: MAX_DEFAULT_TEXT,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'suffix',
          description: 'Always added at the end of your prompts',
          max_length: MAX_DEFAULT_TEXT,
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: 'remix',
          description: 'Remix mode: 🔄 and V open the prompt form first',
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'reset',
      description: 'Forget one default, or all of them',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'key',
          description: 'Which default (all when not given)',
          choices: SETTING_KEYS.map((key) => ({ name: SETTING_LABELS[key], value: key })),
        },
      ],
    },
  ],
} as const;

function settingsEmbed(settings: MemberSettings, note?: string): APIEmbed {
  const lines = SETTING_KEYS.map((key) => {
    const value = settings[key];
    return `**${SETTING_LABELS[key]}**: ${value === undefined ? '—' : formatSetting(key, value as SettingValue<SettingKey>)}`;
  });
  return {
    title: 'Your /settings',
    description: [
      ...lines,
      '',
      'Options you give in a command always win; the negative prompt and suffix are always added. The same in ' +
        "every server, and moderators' limits still apply.",
      ...(note ? ['', note] : []),
    ].join('\n'),
    color: 0x5865f2,
  };
}

/** `/settings`: a member's personal defaults, kept in the store, applied by /imagine (src/settings/defaults.ts). */
export const settings = slashCommand<BotContext, typeof settingsDefinition>(settingsDefinition, {
  async execute(interaction, args, ctx) {
    const userId = interaction.user.id;
    const answer = async (embed: APIEmbed) =>
      interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    switch (args.subcommand) {
      case 'view':
        await answer(settingsEmbed(await ctx.settings.get(userId)));
        return;
      case 'set': {
        const changes: MemberSettings = {};
        if (args.model) changes.model = args.model;
        if (args.aspect_ratio) changes.aspect_ratio = args.aspect_ratio;
        if (args.style) changes.style = args.style;
        if (args.count !== undefined) changes.count = args.count;
        if (args.negative_prompt) changes.negative_prompt = args.negative_prompt;
        if (args.suffix) changes.suffix = args.suffix;
        if (args.remix !== undefined) changes.remix = args.remix;
        if (Object.keys(changes).length === 0) {
          throw new UserError('Give at least one option to change (or use `/settings reset` to forget a default).');
        }
        await ctx.settings.set(userId, changes);
        let note: string | undefined;
        if (changes.model && interaction.guildId) {
          const limits = await ctx.moderation.effective(interaction.guildId, {
            kind: 'user',
            userId,
            roleIds: memberRoleIds(interaction.member, interaction.guildId),
          });
          if (!isModelAllowed(limits.models.value, changes.model)) {
            note =
              `⚠️ **${MODELS[changes.model].label}** is not an allowed model in this server right now, so /imagine ` +
              'here will refuse it until you pass another `model:`. The default is kept for servers that allow it.';
          }
        }
        await answer(settingsEmbed(await ctx.settings.get(userId), note ?? '✅ Saved.'));
        return;
      }
      case 'reset': {
        const removed = await ctx.settings.reset(userId, args.key);
        const what = args.key ? `**${SETTING_LABELS[args.key]}**` : 'all your defaults';
        await answer(
          settingsEmbed(
            await ctx.settings.get(userId),
            removed ? `✅ Forgot ${what}.` : `Nothing to forget: ${what} was not set.`,
          ),
        );
        return;
      }
    }
  },
});
