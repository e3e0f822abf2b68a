import { h, safeUrl } from './dom.js';
import { resolveMediaUrl } from './embeds.js';
import { renderMarkdown } from './markdown.js';
import { spoilerMedia } from './spoilers.js';

const SELECTS = new Set([3, 5, 6, 7, 8]);

/**
 * Message components, legacy (action rows of buttons) and Components V2 (containers, sections, text displays,
 * galleries). Clicking a button calls `ctx.onButton(view, button, element)`; select menus are drawn but not
 * clickable, since the emulator has no way to send their interactions yet.
 */
export function renderComponents(components, ctx, view) {
  return (components ?? []).map((component) => renderComponent(component, ctx, view));
}

function renderComponent(component, ctx, view) {
  const attachments = view.data.attachments ?? [];
  switch (component.type) {
    case 1:
      return h('div', { class: 'action-row' }, renderComponents(component.components, ctx, view));
    case 2:
      return renderButton(component, ctx, view);
    case 9:
      return h(
        'div',
        { class: 'v2-section' },
        h('div', { class: 'v2-section-text' }, renderComponents(component.components, ctx, view)),
        component.accessory ? renderComponent(component.accessory, ctx, view) : null,
      );
    case 10:
      return h('div', { class: 'v2-text' }, renderMarkdown(component.content ?? '', ctx));
    case 11:
      return media(component, 'v2-thumbnail', attachments, ctx);
    case 12:
      return h(
        'div',
        { class: 'attachments' },
        (component.items ?? []).map((item) => media(item, 'attachment-image', attachments, ctx)),
      );
    case 13: {
      const url = resolveMediaUrl(component.file?.url, attachments);
      return h('a', { class: 'file-card', href: url, target: '_blank' }, `📄 ${url?.split('/').pop() ?? 'file'}`);
    }
    case 14:
      return h('hr', { class: component.divider === false ? 'v2-spacer' : 'v2-separator' });
    case 17: {
      const accent =
        typeof component.accent_color === 'number'
          ? `#${component.accent_color.toString(16).padStart(6, '0')}`
          : undefined;
      return h(
        'div',
        { class: 'v2-container', style: accent ? { borderLeftColor: accent } : undefined },
        renderComponents(component.components, ctx, view),
      );
    }
    default:
      if (SELECTS.has(component.type)) {
        return h(
          'select',
          { class: 'select-menu', disabled: true, title: 'Select menus are drawn but not emulated yet' },
          h('option', {}, component.placeholder ?? 'Make a selection'),
        );
      }
      return h('div', { class: 'unsupported' }, `(component type ${component.type} is not drawn by the playground)`);
  }
}

/** A thumbnail or gallery item; Components V2 mark hidden media with `spoiler: true`. */
function media(item, className, attachments, ctx) {
  const src = resolveMediaUrl(item.media?.url, attachments);
  const image = h('img', { class: className, src, alt: item.description ?? '' });
  return item.spoiler === true ? spoilerMedia(h('span', { class: 'media-wrap' }, image), src, ctx) : image;
}

function renderButton(button, ctx, view) {
  // A custom emoji would come from Discord's CDN, which the playground never calls: its name stands in.
  const emoji = button.emoji?.id ? `:${button.emoji.name}:` : button.emoji?.name;
  const label = [emoji, button.label].filter(Boolean).join(' ') || '\u200b';
  if (button.style === 5) {
    return h(
      'a',
      { class: 'button style-5', href: safeUrl(button.url), target: '_blank', rel: 'noreferrer noopener' },
      label,
      ' ↗',
    );
  }
  return h(
    'button',
    {
      type: 'button',
      class: `button style-${button.style ?? 2}`,
      disabled: button.disabled === true || button.style === 6,
      'data-custom-id': button.custom_id,
      onclick: (event) => ctx.onButton(view, button, event.currentTarget),
    },
    label,
  );
}
