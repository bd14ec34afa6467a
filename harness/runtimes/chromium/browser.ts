import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { Availability } from '../types.js';

/** How to get a browser when none is found. */
export const CHROMIUM_HINT = 'apt-get install chromium (Debian) or set SLIMBENCH_CHROMIUM=/path';

/** Flags for a quiet headless browser that contacts nothing on its own. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium executable: `SLIMBENCH_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.SLIMBENCH_CHROMIUM || '/usr/bin/chromium';
}

interface Launched {
  path: string;
  browser: Promise<Browser>;
}

let current: Launched | undefined;

/**
 * The process's one browser, launched on first use from {@link chromiumPath} (playwright gives
 * it a fresh temporary profile), and reused after that (relaunched when the path changes or it closed).
 */
export function sharedBrowser(): Promise<Browser> {
  const path = chromiumPath();
  if (current?.path === path) return current.browser;
  const previous = current;
  const launched: Launched = { path, browser: Promise.resolve() as unknown as Promise<Browser> };
  launched.browser = (async () => {
    if (previous) await closeLaunched(previous);
    accessSync(path, constants.X_OK);
    const browser = await chromium.launch({ executablePath: path, args: FLAGS, timeout: 60_000 });
    browser.on('disconnected', () => {
      if (current === launched) current = undefined;
    });
    return browser;
  })();
  launched.browser.catch(() => {
    if (current === launched) current = undefined;
  });
  current = launched;
  return launched.browser;
}

async function closeLaunched(l: Launched): Promise<void> {
  try {
    await (await l.browser).close();
  } catch {
    // It never launched, or already died: nothing to close.
  }
}

/** Closes the shared browser (if any); playwright removes its profile. */
export async function closeBrowser(): Promise<void> {
  const l = current;
  current = undefined;
  if (l) await closeLaunched(l);
}

/** Whether the Chromium executable exists and launches here; when not, how to get it. */
export async function chromiumAvailability(): Promise<Availability> {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { available: false, hint: `${path} not found: ${CHROMIUM_HINT}` };
  }
  try {
    await sharedBrowser();
    return { available: true };
  } catch (e) {
    return { available: false, hint: `${path} did not launch (${(e as Error).message.split('\n')[0]}): ${CHROMIUM_HINT}` };
  }
}
