import { h, safeUrl } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { isSpoilerFile, spoilerMedia } from './spoilers.js';

/** `attachment://name` in an embed points at one of the message's own files. */
export function resolveMediaUrl(url, attachments) {
  if (typeof url !== 'string') return undefined;
  if (!url.startsWith('attachment://')) return url;
  const name = url.slice('attachment://'.length);
  return attachments.find((a) => a.filename === name)?.url;
}

/** An embed's image, hidden like the attachment it shows when that file is a spoiler. */
function media(url, className, ctx) {
  const src = resolveMediaUrl(url, ctx.attachments);
  if (!src) return null;
  const image = h('img', { class: className, src, alt: '' });
  const file = typeof url === 'string' && url.startsWith('attachment://') ? url.slice('attachment://'.length) : '';
  return isSpoilerFile(file) ? spoilerMedia(h('span', { class: 'media-wrap' }, image), src, ctx) : image;
}

function hex(color) {
  return typeof color === 'number' ? `#${color.toString(16).padStart(6, '0')}` : undefined;
}

/** One embed as Discord draws it: colour bar, author, title, description, fields (inline ones three a row), images, footer. */
export function renderEmbed(embed, ctx, attachments) {
  const mediaCtx = { ...ctx, attachments };
  const image = media(embed.image?.url, 'embed-image', mediaCtx);
  const thumbnail = media(embed.thumbnail?.url, 'embed-thumbnail', mediaCtx);
  const title = embed.title
    ? h(
        'div',
        { class: 'embed-title' },
        safeUrl(embed.url)
          ? h('a', { href: safeUrl(embed.url), target: '_blank', rel: 'noreferrer noopener' }, embed.title)
          : embed.title,
      )
    : null;
  const fields = (embed.fields ?? []).map((field) =>
    h(
      'div',
      { class: field.inline ? 'embed-field inline' : 'embed-field' },
      h('div', { class: 'embed-field-name' }, renderMarkdown(field.name, ctx)),
      h('div', { class: 'embed-field-value' }, renderMarkdown(field.value, ctx)),
    ),
  );
  const footerParts = [
    embed.footer?.text,
    embed.timestamp ? new Date(embed.timestamp).toLocaleString() : undefined,
  ].filter(Boolean);
  return h(
    'div',
    { class: 'embed', style: { borderLeftColor: hex(embed.color) ?? '#1e1f22' }, 'data-testid': 'embed' },
    h(
      'div',
      { class: 'embed-grid' },
      h(
        'div',
        { class: 'embed-main' },
        embed.author?.name ? h('div', { class: 'embed-author' }, embed.author.name) : null,
        title,
        embed.description ? h('div', { class: 'embed-description' }, renderMarkdown(embed.description, ctx)) : null,
        fields.length > 0 ? h('div', { class: 'embed-fields' }, fields) : null,
      ),
      thumbnail,
    ),
    image,
    footerParts.length > 0 ? h('div', { class: 'embed-footer' }, footerParts.join(' • ')) : null,
  );
}
