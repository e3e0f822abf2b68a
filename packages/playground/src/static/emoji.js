import twemoji from '../vendor/twemoji.js';

const ZWJ = '\u200d';
const TEXT_PRESENTATION = '\ufe0e';

/** Twemoji's file for an emoji: its code points, without U+FE0F unless it is a ZWJ sequence (Twemoji's own rule). */
export function emojiFile(raw) {
  return twemoji.convert.toCodePoint(raw.includes(ZWJ) ? raw : raw.replace(/\ufe0f/g, ''));
}

/**
 * One emoji as Discord draws it: an image whose alt is the emoji itself, so copying, screen readers and accessible
 * names still read the character. Served by the playground from node_modules; an emoji newer than the package
 * falls back to its text.
 */
export function emojiImage(raw) {
  const image = document.createElement('img');
  image.className = 'emoji';
  image.alt = raw;
  image.draggable = false;
  image.src = `/playground/emoji/${emojiFile(raw)}.svg`;
  image.addEventListener('error', () => image.replaceWith(document.createTextNode(raw)), { once: true });
  return image;
}

/** Text split into text nodes and emoji images. */
export function emojify(text) {
  const nodes = [];
  let last = 0;
  twemoji.replace(text, (match, ...rest) => {
    const offset = rest.find((value) => typeof value === 'number');
    // U+FE0E asks for the text glyph: leave that one as text, as Twemoji does.
    if (text[offset + match.length] === TEXT_PRESENTATION) return match;
    if (offset > last) nodes.push(document.createTextNode(text.slice(last, offset)));
    nodes.push(emojiImage(match));
    last = offset + match.length;
    return match;
  });
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
