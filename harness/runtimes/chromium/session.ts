import type { BrowserContext, Page } from 'playwright-core';
import { closeBrowser, sharedBrowser } from './browser.js';
import type { PageServer } from './server.js';
import { PAGE_PATH, startSite, type PageKind } from './site.js';

/** How long the browser stays open with no model loaded, for the next cell to reuse it. */
const IDLE_CLOSE_MS = 5000;

/**
 * One benchmark page of a kind and thread count in the shared browser, in its own context.
 * Only requests to the local site leave the page; every other one is aborted and listed in
 * `blocked`.
 */
export class PageSession {
  /** URLs the page tried to reach outside the local site. */
  readonly blocked: string[] = [];
  /** Uncaught errors and console errors of the page. */
  readonly errors: string[] = [];
  /** Handles of the models loaded in the page. */
  readonly models = new Set<number>();
  /** Whether the page has loaded a model before (its loading code is compiled and warm). */
  warm = false;

  constructor(
    readonly key: string,
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {}

  /** Calls `globalThis.slimbench[method](...args)` in the page. */
  async call<T>(method: string, args: unknown[]): Promise<T> {
    try {
      return (await this.page.evaluate(
        ([m, a]) =>
          (globalThis as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).slimbench[m as string](
            ...(a as unknown[]),
          ),
        [method, args] as const,
      )) as T;
    } catch (e) {
      const extra = this.errors.length > 0 ? ` (page errors: ${this.errors.join('; ')})` : '';
      throw new Error(`${(e as Error).message.split('\n')[0]}${extra}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}

let site: Promise<PageServer> | undefined;
const sessions = new Map<string, Promise<PageSession>>();
let idleTimer: NodeJS.Timeout | undefined;

/** The server of the benchmark site, started on first use. */
export function siteServer(): Promise<PageServer> {
  site ??= startSite();
  return site;
}

async function openSession(kind: PageKind, threads: number, backend: string, key: string): Promise<PageSession> {
  const server = await siteServer();
  const context = await (await sharedBrowser()).newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const session = new PageSession(key, page, context);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${server.origin}/`)) return route.continue();
    session.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('pageerror', (e) => session.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') session.errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) session.errors.push(`${r.status()} ${r.url()}`);
  });
  const query = new URLSearchParams({ threads: String(threads), backend });
  try {
    await page.goto(`${server.origin}${PAGE_PATH[kind]}?${query}`, { waitUntil: 'load' });
    const ready = page.waitForFunction('globalThis.slimbench !== undefined', undefined, { timeout: 30_000, polling: 50 });
    const failed = new Promise<never>((_, reject) =>
      page.once('pageerror', (e) => reject(new Error(`the ${kind} page failed to start: ${e.message}`))),
    );
    await Promise.race([ready, failed]);
  } catch (e) {
    await session.close();
    const extra = session.errors.length > 0 ? ` (page errors: ${session.errors.join('; ')})` : '';
    throw new Error(`the ${kind} benchmark page did not start: ${(e as Error).message.split('\n')[0]}${extra}`, { cause: e });
  }
  return session;
}

/** The page of `kind` for `threads` threads and `backend`, opened on first use and shared by the models loaded in it. */
export function pageSession(kind: PageKind, threads: number, backend = 'wasm'): Promise<PageSession> {
  const key = `${kind}/${threads}/${backend}`;
  let s = sessions.get(key);
  if (!s) {
    const opening = openSession(kind, threads, backend, key);
    s = opening;
    sessions.set(key, opening);
    const forget = () => {
      if (sessions.get(key) === opening) sessions.delete(key);
    };
    // A page that crashed or closed (the browser died) is not reused: the next load opens a new one.
    opening.then((session) => {
      session.page.once('crash', () => void session.close());
      session.page.once('close', forget);
    }, forget);
  }
  return s;
}

let live = 0;

/** Counts a model being loaded or loaded (keeps the browser open). */
export function hold(): void {
  live++;
  clearTimeout(idleTimer);
}

/** Uncounts a model; with none left, the browser and server close after a short idle time. */
export function letGo(): void {
  live = Math.max(0, live - 1);
  closeWhenIdle();
}

/** Closes the browser after a short idle time unless a model is loaded by then. */
export function closeWhenIdle(): void {
  if (live > 0) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (live === 0) void closeChromium();
  }, IDLE_CLOSE_MS);
}

/** Closes every page, the shared browser and the site's server. Safe to call when nothing is open. */
export async function closeChromium(): Promise<void> {
  clearTimeout(idleTimer);
  const open = [...sessions.values()];
  sessions.clear();
  for (const s of open) await (await s.catch(() => undefined))?.close();
  await closeBrowser();
  const server = site;
  site = undefined;
  await (await server?.catch(() => undefined))?.close();
}
