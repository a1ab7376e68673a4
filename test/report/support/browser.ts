/**
 * Opens report pages in Debian's headless Chromium through playwright-core (no browser download): a fresh
 * profile per launch, every request intercepted (only file:// is let through, anything else is recorded and
 * aborted), console errors and page errors collected.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.PTPCAM_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  /** Requests for anything but file:// (each one aborted). */
  blocked: string[];
  /** Every request made, file:// included. */
  requests: string[];
  consoleErrors: string[];
  /** ms from navigation start to the page's charts being drawn (window.ptpcamDrawnAt). */
  drawnMs: number;
}

export interface ReportBrowser {
  open(htmlPath: string, viewport?: { width: number; height: number }): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (apt-get install chromium)`;
}

export async function launchReportBrowser(): Promise<ReportBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ptpcam-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    async open(htmlPath, viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      const blocked: string[] = [];
      const requests: string[] = [];
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.getAttribute('data-drawn') !== null, undefined, { timeout: 60_000 });
      const drawnMs = await page.evaluate(() => (window as unknown as { ptpcamDrawnAt?: number }).ptpcamDrawnAt ?? -1);
      return { page, blocked, requests, consoleErrors, drawnMs };
    },
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
