import { h } from './dom.js';

/** Discord's convention: a file whose name starts with SPOILER_ is posted hidden. */
export function isSpoilerFile(filename) {
  return typeof filename === 'string' && filename.startsWith('SPOILER_');
}

/**
 * Wraps media that Discord hides until clicked: blurred, with the "SPOILER" badge; the first click reveals it (and
 * does not open the link), as on Discord. `key` names it in `ctx.revealed`, so a revealed image stays revealed when
 * the bot edits the message and the page redraws it.
 */
export function spoilerMedia(element, key, ctx) {
  const revealed = ctx.revealed.has(key);
  const badge = h('span', { class: 'spoiler-badge', 'aria-hidden': 'true' }, 'Spoiler');
  element.classList.add('spoiler-media');
  if (revealed) {
    element.classList.add('revealed');
    return element;
  }
  element.classList.add('concealed');
  element.dataset.testid = 'spoiler';
  element.setAttribute('aria-label', 'Spoiler: click to reveal');
  element.append(badge);
  const reveal = (event) => {
    if (!element.classList.contains('concealed')) return;
    event.preventDefault();
    ctx.revealed.add(key);
    element.classList.replace('concealed', 'revealed');
    element.removeAttribute('aria-label');
    badge.remove();
  };
  element.addEventListener('click', reveal);
  return element;
}
