import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIButtonComponentWithCustomId,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { type Action, encodeCustomId } from '../custom-id.js';
import { isModerated } from '../jobs/failure-codes.js';
import type { Job } from '../domain/job.js';

type Row = APIActionRowComponent<APIButtonComponent>;

type CustomIdStyle = APIButtonComponentWithCustomId['style'];

function button(
  label: string,
  action: Action,
  job: Job,
  index?: number,
  style: CustomIdStyle = ButtonStyle.Secondary,
): APIButtonComponent {
  const id = index === undefined ? { action, jobId: job.id } : { action, jobId: job.id, index };
  return { type: ComponentType.Button, style, label, custom_id: encodeCustomId(id) };
}

function row(components: APIButtonComponent[]): Row[] {
  return components.length === 0 ? [] : [{ type: ComponentType.ActionRow, components }];
}

/**
 * Midjourney's loop under each result, within Discord's limits (≤ 5 buttons a row, ≤ 5 rows): one row of upscales,
 * one of subtle and one of strong variations (one button per delivered image, at most 4), and one row of job actions.
 */
export function jobButtons(job: Job): Row[] {
  if (job.state === 'queued' || job.state === 'running') {
    return job.state === 'queued' ? row([button('✖ Cancel', 'cancel', job, undefined, ButtonStyle.Danger)]) : [];
  }
  const delivered = job.images.filter((image) => image.state === 'succeeded').map((image) => image.index);
  const label = (prefix: string, index: number) => (job.images.length > 1 ? `${prefix}${index + 1}` : prefix);
  const rows: Row[] = [];
  if (job.kind !== 'upscale') {
    rows.push(...row(delivered.map((i) => button(label('U', i), 'upscale', job, i))));
  }
  rows.push(...row(delivered.map((i) => button(`${label('V', i)} subtle`, 'vary-subtle', job, i))));
  rows.push(...row(delivered.map((i) => button(`${label('V', i)} strong`, 'vary-strong', job, i))));
  const actions: APIButtonComponent[] = [];
  if (job.kind !== 'upscale') {
    actions.push(button('🔄 Reroll', 'reroll', job, undefined, ButtonStyle.Primary));
    actions.push(button('✏️ Remix', 'remix', job));
  }
  actions.push(button('ℹ️ Info', 'info', job));
  actions.push(button('🗑️ Delete', 'delete', job, undefined, ButtonStyle.Danger));
  // The appeal of Stability's moderation, routed to the guild's moderators (requester only, checked when pressed).
  if (job.guildId && isModerated(job)) actions.push(button('🚩 Report false positive', 'report', job));
  rows.push(...row(actions));
  return rows;
}
