import { renderComponents } from './components.js';
import { append, avatar, h } from './dom.js';
import { renderEmbed } from './embeds.js';
import { renderMarkdown } from './markdown.js';
import { isSpoilerFile, spoilerMedia } from './spoilers.js';
import { messageTime } from './time.js';

const COMPONENTS_V2 = 1 << 15;

const VERBS = { 2: 'used', 3: 'clicked', 5: 'submitted' };

/** "Alice used /imagine" above a bot reply, as Discord shows which action a reply answers. */
function invocationLine(invocation, ctx) {
  const name = ctx.userName(invocation.userId);
  return h(
    'div',
    { class: 'invocation' },
    h('span', { class: 'spine', 'aria-hidden': 'true' }),
    avatar(invocation.userId, name, true),
    h('span', { class: 'mention' }, `@${name}`),
    ` ${VERBS[invocation.type] ?? 'used'} `,
    h('span', { class: 'invocation-label' }, invocation.label),
  );
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function renderAttachment(attachment, ctx) {
  if (!(attachment.content_type ?? '').startsWith('image/')) {
    return h(
      'a',
      { class: 'file-card', href: attachment.url, target: '_blank' },
      `📄 ${attachment.filename}`,
      h('span', { class: 'file-size' }, formatSize(attachment.size ?? 0)),
    );
  }
  const link = h(
    'a',
    { class: 'attachment', href: attachment.url, target: '_blank', title: attachment.filename },
    h('img', {
      class: 'attachment-image',
      src: attachment.url,
      alt: attachment.description ?? attachment.filename,
      width: attachment.width,
      height: attachment.height,
      'data-testid': 'attachment-image',
      onload: ctx.onImageLoad,
    }),
  );
  return isSpoilerFile(attachment.filename) ? spoilerMedia(link, attachment.id ?? attachment.url, ctx) : link;
}

function renderAttachments(attachments, ctx) {
  if (attachments.length === 0) return null;
  return h(
    'div',
    { class: attachments.length > 1 ? 'attachments grid' : 'attachments' },
    attachments.map((attachment) => renderAttachment(attachment, ctx)),
  );
}

/**
 * One message as Discord draws it. `ctx` carries name lookups, the emulator clock, and the page's handlers
 * (onButton, onDismiss, onImageLoad, onContextMenu).
 */
export function renderMessage(view, ctx) {
  const data = view.data;
  const author = data.author;
  const name = ctx.userName(author.id, author);
  const classes = ['message'];
  if (view.ephemeral) classes.push('ephemeral');
  if (view.loading) classes.push('loading');
  const header = h(
    'header',
    { class: 'message-header' },
    h('span', { class: 'author', style: { color: ctx.colorOf(author.id) } }, name),
    author.bot ? h('span', { class: 'app-tag' }, 'APP') : null,
    h('time', { class: 'sent', datetime: data.timestamp }, messageTime(data.timestamp, ctx.now())),
  );
  const body = h('div', { class: 'message-body' }, header);
  if (view.loading) {
    body.append(
      h('div', { class: 'thinking', 'data-testid': 'thinking' }, `${name} is thinking`, h('span', { class: 'dots' })),
    );
  } else if (((data.flags ?? 0) & COMPONENTS_V2) !== 0) {
    body.append(h('div', { class: 'v2' }, renderComponents(data.components, ctx, view)));
  } else {
    if (data.content) {
      const content = h('div', { class: 'content', 'data-testid': 'content' }, renderMarkdown(data.content, ctx));
      if (data.edited_timestamp) {
        // Inline after the last line of text, as Discord places it.
        const last = content.lastElementChild?.classList.contains('md-text') ? content.lastElementChild : content;
        last.append(h('span', { class: 'edited', title: data.edited_timestamp }, ' (edited)'));
      }
      body.append(content);
    }
    append(body, [
      renderAttachments(data.attachments ?? [], ctx),
      (data.embeds ?? []).map((embed) => renderEmbed(embed, ctx, data.attachments ?? [])),
    ]);
    if ((data.components ?? []).length > 0) {
      body.append(h('div', { class: 'components' }, renderComponents(data.components, ctx, view)));
    }
  }
  if (view.ephemeral) {
    body.append(
      h(
        'div',
        { class: 'ephemeral-note' },
        h('span', { 'aria-hidden': 'true' }, '👁 '),
        'Only you can see this • ',
        h('button', { type: 'button', class: 'link-button', onclick: () => ctx.onDismiss(view) }, 'Dismiss message'),
      ),
    );
  }
  return h(
    'article',
    {
      class: classes.join(' '),
      'data-message-id': view.id,
      'data-testid': 'message',
      'aria-label': `Message from ${name}`,
      // Right click → Apps, as on Discord (not while the bot is still thinking: there is nothing to act on yet).
      oncontextmenu: view.loading ? undefined : (event) => ctx.onContextMenu?.(view, event),
    },
    view.invocation ? invocationLine(view.invocation, ctx) : null,
    h('div', { class: 'message-row' }, avatar(author.id, name), body),
  );
}
