import { append, h } from './dom.js';
import { roleLabel } from './names.js';
import { formatTimestamp } from './time.js';

/**
 * The subset of Discord markdown a bot's replies use: **bold**, *italic*, __underline__, ~~strike~~, ||spoiler||,
 * `code`, ``` blocks ```, > quotes, # headings, - lists, [masked](links), bare links, and the mention and
 * timestamp tags (<@id>, <@&id>, <#id>, <t:unix:R>). Built as DOM nodes, never as HTML strings.
 *
 * `ctx`: { userName(id), role(id) → { name, color } | undefined, channelName(id), now() → ms }.
 */
export function renderMarkdown(text, ctx) {
  const fragment = document.createDocumentFragment();
  for (const part of String(text).split(/(```[\s\S]*?```)/g)) {
    if (part.length >= 6 && part.startsWith('```') && part.endsWith('```')) {
      const body = part
        .slice(3, -3)
        .replace(/^[\w+-]+\n/, '')
        .replace(/^\n/, '');
      fragment.append(h('pre', { class: 'code-block' }, h('code', {}, body)));
    } else if (part) {
      fragment.append(...lines(part, ctx));
    }
  }
  return fragment;
}

function lines(text, ctx) {
  const out = [];
  let paragraph = [];
  let quote = [];
  let list = [];
  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const block = h('div', { class: 'md-text' });
    paragraph.forEach((line, index) => {
      if (index > 0) block.append(h('br'));
      append(block, inline(line, ctx));
    });
    out.push(block);
    paragraph = [];
  };
  const flushQuote = () => {
    if (quote.length === 0) return;
    out.push(h('blockquote', {}, ...lines(quote.join('\n'), ctx)));
    quote = [];
  };
  const flushList = () => {
    if (list.length === 0) return;
    out.push(
      h(
        'ul',
        {},
        list.map((item) => h('li', {}, inline(item, ctx))),
      ),
    );
    list = [];
  };
  const flush = () => {
    flushParagraph();
    flushQuote();
    flushList();
  };
  for (const line of text.split('\n')) {
    const quoted = /^> ?(.*)$/.exec(line);
    const item = /^\s*[-*] (.*)$/.exec(line);
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    const subtext = /^-# (.*)$/.exec(line);
    if (quoted) {
      flushParagraph();
      flushList();
      quote.push(quoted[1]);
    } else if (subtext) {
      flush();
      out.push(h('div', { class: 'md-subtext' }, inline(subtext[1], ctx)));
    } else if (item) {
      flushParagraph();
      flushQuote();
      list.push(item[1]);
    } else if (heading) {
      flush();
      out.push(h(`h${heading[1].length + 2}`, { class: 'md-heading' }, inline(heading[2], ctx)));
    } else {
      flushQuote();
      flushList();
      paragraph.push(line);
    }
  }
  flush();
  return out;
}

const RULES = [
  { re: /^\\([^\w\s])/, make: (m) => m[1] },
  { re: /^`([^`]+)`/, make: (m) => h('code', { class: 'inline-code' }, m[1]) },
  { re: /^\*\*([\s\S]+?)\*\*(?!\*)/, make: (m, ctx) => h('strong', {}, inline(m[1], ctx)) },
  { re: /^__([\s\S]+?)__(?!_)/, make: (m, ctx) => h('u', {}, inline(m[1], ctx)) },
  { re: /^\*(?![\s*])([\s\S]*?[^\s\\])\*(?!\*)/, make: (m, ctx) => h('em', {}, inline(m[1], ctx)) },
  { re: /^_(?![\s_])([\s\S]*?[^\s\\])_(?!\w)/, boundary: true, make: (m, ctx) => h('em', {}, inline(m[1], ctx)) },
  { re: /^~~([\s\S]+?)~~/, make: (m, ctx) => h('s', {}, inline(m[1], ctx)) },
  {
    re: /^\|\|([\s\S]+?)\|\|/,
    make: (m, ctx) =>
      h(
        'span',
        {
          class: 'spoiler',
          title: 'Spoiler: click to reveal',
          onclick: (e) => e.currentTarget.classList.add('revealed'),
        },
        inline(m[1], ctx),
      ),
  },
  {
    re: /^<@!?(\d+)>/,
    make: (m, ctx) => h('span', { class: 'mention', 'data-user-id': m[1] }, `@${ctx.userName(m[1])}`),
  },
  {
    re: /^<@&(\d+)>/,
    make: (m, ctx) => {
      const role = ctx.role(m[1]);
      const color = role?.color ? `#${role.color.toString(16).padStart(6, '0')}` : undefined;
      return h('span', { class: 'mention role', style: color ? { color } : undefined }, roleLabel(role?.name));
    },
  },
  { re: /^<#(\d+)>/, make: (m, ctx) => h('span', { class: 'mention' }, `#${ctx.channelName(m[1])}`) },
  {
    re: /^<t:(-?\d+)(?::([tTdDfFR]))?>/,
    make: (m, ctx) => {
      const style = m[2] ?? 'f';
      return h(
        'time',
        {
          class: 'timestamp',
          'data-ts': m[1],
          'data-style': style,
          title: new Date(Number(m[1]) * 1000).toString(),
        },
        formatTimestamp(Number(m[1]), style, ctx.now()),
      );
    },
  },
  { re: /^<a?:(\w+):\d+>/, make: (m) => `:${m[1]}:` },
  {
    re: /^\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/,
    make: (m, ctx) => h('a', { href: m[2], target: '_blank', rel: 'noreferrer noopener' }, inline(m[1], ctx)),
  },
  {
    re: /^<?(https?:\/\/[^\s<>]*[^\s<>.,:;"')\]])>?/,
    boundary: true,
    make: (m) => h('a', { href: m[1], target: '_blank', rel: 'noreferrer noopener' }, m[1]),
  },
];

/** Characters that can open a rule; anything else is plain text, which keeps long prompts cheap to render. */
const STARTERS = new Set(['\\', '`', '*', '_', '~', '|', '<', '[', 'h']);

function inline(text, ctx) {
  const out = [];
  let buffer = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    let matched = false;
    if (STARTERS.has(char)) {
      const rest = text.slice(i);
      const previous = text[i - 1] ?? '';
      for (const rule of RULES) {
        if (rule.boundary && /\w/.test(previous)) continue;
        const match = rule.re.exec(rest);
        if (!match) continue;
        if (buffer) out.push(buffer);
        buffer = '';
        out.push(rule.make(match, ctx));
        i += match[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      buffer += char;
      i += 1;
    }
  }
  if (buffer) out.push(buffer);
  return out;
}
