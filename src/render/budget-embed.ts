import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { BalanceReading, BudgetLine, BudgetStatus } from '../domain/budget.js';
import { formatAmount } from '../format/credits.js';
import { relativeTime } from '../format/time.js';
import { MODEL_IDS, MODELS, UPSCALE_FAST_CREDITS } from '../stability/models.js';

/** What the provider balance line says: the last reading, or why there is none. */
export interface BalanceView {
  available: boolean;
  reading?: BalanceReading;
  low: boolean;
  warnBelow: number;
}

function usage(line: BudgetLine): string {
  return `${formatAmount(line.spent)} spent · ${formatAmount(line.reserved)} reserved by jobs in progress`;
}

function capLine(line: BudgetLine): string {
  if (line.cap === undefined) return `No daily cap\n${usage(line)}`;
  return `**${formatAmount(line.remaining ?? 0)} of ${formatAmount(line.cap)} credits left**\n${usage(line)}`;
}

/** One line with every price, in credits per image (1 credit = US$0.01). */
export function priceList(): string {
  const models = MODEL_IDS.map((id) => `${MODELS[id].label} ${formatAmount(MODELS[id].credits)}`);
  return `${[...models, `Fast upscale ${formatAmount(UPSCALE_FAST_CREDITS)}`].join(' · ')} — credits per image; 1 credit = US$0.01`;
}

function balanceLine(balance: BalanceView): string {
  if (!balance.available) return 'This image backend does not report a balance.';
  if (!balance.reading) return 'Not read yet.';
  const warning = balance.low ? ` · ⚠️ below the warning threshold of ${formatAmount(balance.warnBelow)}` : '';
  return `**${formatAmount(balance.reading.credits)} credits** · read ${relativeTime(balance.reading.at)}${warning}`;
}

/** `/budget view`: today's spending against the caps; moderators also see the Stability account balance. */
export function budgetEmbed(status: BudgetStatus, guildName: string, balance?: BalanceView): APIEmbed {
  const fields: APIEmbedField[] = [{ name: 'Server today', value: capLine(status.server) }];
  if (status.memberCap !== undefined && status.member) {
    fields.push({
      name: 'Per member',
      value: `${formatAmount(status.memberCap)} credits per member per day\nYou: ${capLine(status.member)}`,
    });
  } else {
    fields.push({ name: 'Per member', value: 'No cap per member' });
  }
  fields.push({ name: 'Resets', value: `${relativeTime(status.resetsAt)} (midnight UTC)` });
  if (balance) fields.push({ name: 'Stability balance', value: balanceLine(balance) });
  fields.push({ name: 'Prices', value: priceList() });
  return {
    title: `Image budget of ${guildName}`,
    description:
      'Each job reserves its estimated cost when it is queued; when it ends, the reservation becomes what ' +
      'Stability charged (nothing for a refused request, the full price for a blurred image).',
    fields,
    footer: { text: 'Budgets count the UTC day.' },
    color: 0xfee75c,
  };
}
