import { emojify } from './emoji.js';

/** Elements whose content is plain text to the browser: an emoji image inside would vanish. */
const TEXT_ONLY = new Set(['OPTION', 'OPTGROUP', 'TEXTAREA', 'TITLE', 'SELECT']);

/**
 * Element builder: h('div', { class: 'x', onclick: fn }, child, 'text', [more]). Text always goes in as text nodes,
 * never as HTML, so nothing the bot sends can inject markup into the page. Emoji in text become Twemoji images, as
 * Discord draws them (see emoji.js).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'style' && typeof value === 'object') Object.assign(element.style, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    if (child instanceof Node) parent.append(child);
    else if (TEXT_ONLY.has(parent.tagName)) parent.append(document.createTextNode(String(child)));
    else parent.append(...emojify(String(child)));
  }
  return parent;
}

/** Replaces an element's children; like `append`, it flattens arrays and skips null, undefined and false. */
export function setChildren(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** Links from the bot open only if they are web links (Discord refuses other schemes too). */
export function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : undefined;
}

/** Discord's avatar fallback: a coloured disc with the first letter, the colour stable per user id. */
export function avatar(id, name, small = false) {
  const palette = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#747f8d'];
  let hash = 0;
  for (const char of String(id)) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return h(
    'span',
    {
      class: small ? 'avatar small' : 'avatar',
      style: { background: palette[hash % palette.length] },
      'aria-hidden': 'true',
    },
    (name || '?').slice(0, 1).toUpperCase(),
  );
}
