import { h, safeUrl } from './dom.js';
import { renderMarkdown } from './markdown.js';

/** `attachment://name` in an embed points at one of the message's own files. */
export function resolveMediaUrl(url, attachments) {
  if (typeof url !== 'string') return undefined;
  if (!url.startsWith('attachment://')) return url;
  const name = url.slice('attachment://'.length);
  return attachments.find((a) => a.filename === name)?.url;
}

function hex(color) {
  return typeof color === 'number' ? `#${color.toString(16).padStart(6, '0')}` : undefined;
}

/** One embed as Discord draws it: colour bar, author, title, description, fields (inline ones three a row), images, footer. */
export function renderEmbed(embed, ctx, attachments) {
  const image = resolveMediaUrl(embed.image?.url, attachments);
  const thumbnail = resolveMediaUrl(embed.thumbnail?.url, attachments);
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
      thumbnail ? h('img', { class: 'embed-thumbnail', src: thumbnail, alt: '' }) : null,
    ),
    image ? h('img', { class: 'embed-image', src: image, alt: '' }) : null,
    footerParts.length > 0 ? h('div', { class: 'embed-footer' }, footerParts.join(' • ')) : null,
  );
}
