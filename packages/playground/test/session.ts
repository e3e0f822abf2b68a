import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Locator, Page } from 'playwright-core';
import { type Playground, startPlayground } from '../src/start-playground.js';
import { type Browser, CHROMIUM_MISSING, chromiumInstalled, launchBrowser } from './browser.js';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'playground');
/** Screenshots kept as evidence of what the page shows, refreshed with UPDATE_DOCS_SCREENSHOT=1. */
const DOCS = join(process.cwd(), 'packages', 'playground', 'docs');

export interface SessionOptions {
  readonly user?: string;
  readonly viewport?: { width: number; height: number };
  /** The local renderer's latency: long enough to see progress states, short enough for a test. @unit ms */
  readonly latencyMs?: number;
  /** Scripts run in the page before its own (observers that record what it showed). */
  readonly initScripts?: readonly string[];
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest area around these elements, as they are on screen now, with a margin. */
export async function around(...elements: Locator[]): Promise<Area> {
  const boxes = (await Promise.all(elements.map((element) => element.boundingBox()))).filter((box) => box !== null);
  if (boxes.length === 0) throw new Error('none of the elements is on screen');
  const margin = 12;
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
  return { x, y, width: right - x, height: bottom - y };
}

/** A playground (bot, emulator, page server) and a Chromium page signed in to it. */
export interface Session {
  playground: Playground;
  readonly browser: Browser;
  readonly page: Page;
  /** The bot's log lines, printed when a test fails. */
  readonly logs: string[];
  shot(name: string): Promise<void>;
  /** Keeps a screenshot (of the page, or of an area of it) under packages/playground/docs/ when UPDATE_DOCS_SCREENSHOT is set. */
  keep(name: string, clip?: Area): Promise<void>;
  /** Stops the playground and starts a fresh one on the same port, as a developer restarting `npm run demo`. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(options: SessionOptions = {}): Promise<Session> {
  // Tests never skip: a missing browser fails with the way to install it.
  if (!chromiumInstalled()) throw new Error(CHROMIUM_MISSING);
  await mkdir(ARTIFACTS, { recursive: true });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const start = (port?: number) =>
    startPlayground({
      env: { LOCAL_BACKEND_LATENCY_MS: String(options.latencyMs ?? 250), LOG_LEVEL: 'warn' },
      logDestination: sink,
      ...(port === undefined ? {} : { port }),
    });
  const [playground, browser] = await Promise.all([start(), launchBrowser(options.viewport)]);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  for (const script of options.initScripts ?? []) await page.addInitScript(script);
  await page.goto(`${playground.url}?user=${options.user ?? 'alice'}`);
  await page.locator('body[data-ready=true]').waitFor();
  const port = Number(new URL(playground.url).port);
  let running = true;
  const session: Session = {
    playground,
    browser,
    page,
    logs,
    shot: async (name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    },
    keep: async (name, clip) => {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, ...(clip ? { clip } : {}) });
      if (!process.env.UPDATE_DOCS_SCREENSHOT) return;
      await mkdir(DOCS, { recursive: true });
      await copyFile(path, join(DOCS, `${name}.png`));
    },
    async stopServer() {
      running = false;
      await session.playground.stop();
    },
    async startServer() {
      session.playground = await start(port);
      running = true;
    },
    async close() {
      await browser.close();
      if (running) await session.playground.stop();
    },
  };
  return session;
}

/**
 * What a person reads in an element: its text, with each emoji image read as its alt (the emoji itself), as
 * Discord's own copy and screen readers do. A string, so the browser-side code needs no DOM types here.
 */
const READ_TEXT = `(root) => {
  const read = (node) => node.nodeType === 3 ? node.data
    : node.nodeName === 'IMG' ? (node.getAttribute('alt') ?? '')
    : [...node.childNodes].map(read).join('');
  return read(root);
}`;

/**
 * Calls a function, given as its source, on the element a locator finds. As source text it is rebuilt in the page,
 * where the DOM types it needs exist; this Node project has none.
 */
export function evaluateOn<T>(locator: Locator, source: string): Promise<T> {
  return locator.evaluate((element, code) => new Function(`return ${code}`)()(element) as T, source);
}

export function textOf(locator: Locator): Promise<string> {
  return evaluateOn<string>(locator, READ_TEXT);
}

/** Records every content a message showed (with emoji read as their alt), since some states last milliseconds. */
export const RECORD_SEEN = `
  window.__seen = { thinking: false, contents: [] };
  const read = ${READ_TEXT};
  new MutationObserver(() => {
    if (document.querySelector('[data-testid=thinking]')) window.__seen.thinking = true;
    for (const node of document.querySelectorAll('[data-testid=content]')) {
      const text = read(node);
      if (!window.__seen.contents.includes(text)) window.__seen.contents.push(text);
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** A finished job message of this kind (embed title) whose content starts with this state's emoji image. */
export function finished(page: Page, title: string, state = '✅'): Locator {
  return page
    .locator('article[data-testid=message]')
    .filter({ has: page.locator('.embed-title', { hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) }) })
    .filter({ has: page.locator(`[data-testid=content] img.emoji[alt="${state}"]`) });
}

export interface Size {
  width: number;
  height: number;
}

/** Waits until every image of a message has been fetched from the emulator's CDN and decoded. */
export async function imagesLoaded(page: Page, message: Locator, count: number): Promise<Size[]> {
  const id = await message.getAttribute('data-message-id');
  await page.waitForFunction(`(() => {
    const images = [...document.querySelectorAll('[data-message-id="${id}"] [data-testid=attachment-image]')];
    return images.length === ${count} && images.every((image) => image.naturalWidth > 0);
  })()`);
  return (await page.evaluate(`[...document.querySelectorAll('[data-message-id="${id}"] [data-testid=attachment-image]')]
    .map((image) => ({ width: image.naturalWidth, height: image.naturalHeight }))`)) as Size[];
}

/** Runs a command through the composer's picker and option form, as a person would. */
export async function runCommand(page: Page, command: string, fill: (form: Locator) => Promise<unknown>) {
  const form = page.getByRole('form', { name: 'Command options' });
  await page.getByRole('combobox', { name: 'Message' }).fill(command);
  const exactName = page.locator('.command-name', { hasText: new RegExp(`^${command}$`) });
  await page.getByRole('option').filter({ has: exactName }).click();
  await fill(form);
  await form.getByRole('button', { name: 'Send' }).click();
}
