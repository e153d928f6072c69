/**
 * Headless Debian Chromium driven by playwright-core, for the browser tests. Each launch gets a
 * new empty profile (playwright's own temporary one) and the flags that keep Chromium off the network
 * (this machine's network is closed). `browserAvailable()` tells whether the binary is installed
 * (`scripts/ensure-chromium.mjs`, run by `npm test`, installs it).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export const browserAvailable = (): boolean => existsSync(CHROMIUM);

export interface OpenBrowser {
  browser: Browser;
  /** A new page in a context of the given viewport; console errors and page errors are collected. */
  page(viewport?: { width: number; height: number }): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<OpenBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async page(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (err) => errors.push(String(err)));
      return { page, context, errors };
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
