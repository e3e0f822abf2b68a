import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { formatLimitValue } from '../domain/limits.js';
import type { UsageReport } from '../domain/usage.js';
import { formatCredits } from '../format/credits.js';
import { relativeTime } from '../format/time.js';

const left = (limit: number, used: number) => Math.max(0, limit - used);

/** `/usage`: what the member did today and in the last hour, and what each limit still allows. */
export function usageEmbed(report: UsageReport, guildName: string): APIEmbed {
  const { limits } = report;
  const perHour = limits.jobs_per_hour.value;
  const hourLeft = left(perHour, report.hourUsed);
  const pending =
    report.today.pendingCredits > 0 ? ` (+ about ${formatCredits(report.today.pendingCredits)} in progress)` : '';
  const fields: APIEmbedField[] = [
    {
      name: 'Today (UTC)',
      value: `${report.today.jobs} job${report.today.jobs === 1 ? '' : 's'} · ${formatCredits(report.today.credits)} used${pending}`,
    },
    {
      name: 'Jobs this hour',
      value:
        `${report.hourUsed} of ${perHour} · **${hourLeft} left**` +
        (report.hourFreesAt !== undefined ? ` · next ${relativeTime(report.hourFreesAt)}` : ''),
      inline: true,
    },
    {
      name: 'Queued',
      value: `${report.queued} of ${limits.queued.value} · **${left(limits.queued.value, report.queued)} left**`,
      inline: true,
    },
    { name: 'Running', value: `${report.running} (up to ${limits.concurrent.value} at once)`, inline: true },
    { name: 'Images per job', value: `up to ${limits.max_count.value}`, inline: true },
    { name: 'Upscale', value: limits.upscale.value ? 'allowed' : 'not allowed', inline: true },
    { name: 'Your own images', value: limits.image_input.value ? 'allowed' : 'not allowed', inline: true },
    { name: 'Editing tools', value: limits.edit_tools.value ? 'allowed' : 'not allowed', inline: true },
    {
      name: 'Cooldown',
      value:
        limits.cooldown.value === 0
          ? 'none'
          : `${limits.cooldown.value} s · ${report.cooldownEndsAt !== undefined ? `next job ${relativeTime(report.cooldownEndsAt)}` : 'ready'}`,
      inline: true,
    },
    { name: 'Models', value: formatLimitValue('models', limits.models.value) },
  ];
  return {
    title: `Your usage in ${guildName}`,
    ...(report.block ? { description: `⛔ A moderator blocked you here: ${report.block.reason}` } : {}),
    fields,
    footer: { text: 'The hour is rolling; "today" is the UTC day.' },
    color: 0x57f287,
  };
}
