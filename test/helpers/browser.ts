// Debian's Chromium driven by playwright-core: the browser is installed by .ci/run from Debian's
// packages (`chromium`), never downloaded by the test tool.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { describeWithServices, servicesRequired, type ServiceName } from './services.js';

/** Where Debian puts Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of each main screen, kept as CI artifacts (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** Whether the browser is installed (the e2e suite fails in CI without it, skips elsewhere). */
export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Launches headless Chromium. As root it needs --no-sandbox; the background-networking flags keep
 * it from calling Google's services, which this machine's closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
      '--metrics-recording-only',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Saves a full-page screenshot as `<name>.png` under {@link SCREENSHOT_DIR}. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Collects console errors and uncaught page errors; a test asserts the list is empty at the end
 * ("no console errors" is part of the UI's definition of done). Failed API calls the test makes on
 * purpose show up as resource errors; pass `allow` patterns for those.
 */
export function watchConsole(page: Page, allow: readonly RegExp[] = []): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (!allow.some((pattern) => pattern.test(text))) errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * A page in a fresh browser context (a laptop-sized viewport, `locale` as the browser language),
 * with its console watched (see {@link watchConsole}; `allow` lists the errors a test causes on
 * purpose).
 */
export async function openPage(
  browser: Browser,
  options: { readonly locale: string; readonly allow?: readonly RegExp[]; readonly acceptDownloads?: boolean },
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: options.locale, viewport: { width: 1280, height: 800 }, acceptDownloads: options.acceptDownloads ?? false });
  const page = await context.newPage();
  return { page, errors: watchConsole(page, options.allow) };
}

/**
 * {@link describeWithServices} that also needs Chromium: in CI a missing browser fails the suite
 * (.ci/run installs it), elsewhere the suite is skipped and says how to install it.
 */
export async function describeInBrowser(names: readonly ServiceName[], title: string, body: () => void): Promise<void> {
  if (chromiumInstalled()) return describeWithServices(names, title, body);
  const reason = `no Chromium at ${CHROMIUM_PATH}; run: sudo bash scripts/test-services.sh`;
  if (servicesRequired) {
    describe(title, () => {
      it('needs Chromium', () => {
        throw new Error(reason);
      });
    });
  } else {
    describe.skipIf(true)(`${title} (skipped: ${reason})`, body);
  }
}
