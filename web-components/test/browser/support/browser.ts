import {
  type Browser,
  type BrowserContext,
  chromium,
  type LaunchOptions,
  type Page,
} from 'playwright-core';
import { inject } from 'vitest';

/** Debian's chromium, headless; never a browser downloaded by Playwright. */
export const launchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
};

let shared: Promise<Browser> | undefined;

/** The suite's one Chromium (started by the global setup), connected once per test file. */
export function browser(): Promise<Browser> {
  shared ??= chromium.connect(inject('wsEndpoint'));
  return shared;
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors in the page, for diagnosing a failure. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A fresh context and page on the test page (served from `origin`, the page origin unless
 * told), once the bundle has defined `<fin-provider>`.
 */
export async function openPage(origin: string = inject('pageOrigin')): Promise<TestPage> {
  const context = await (await browser()).newContext({
    viewport: { width: 1024, height: 768 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${origin}/`);
  await page
    .waitForFunction(() => customElements.get('fin-provider'))
    .catch((cause: unknown) => {
      throw new Error(`the bundle did not define <fin-provider>: ${errors.join('; ')}`, { cause });
    });
  return { page, context, errors, close: () => context.close() };
}

/** Closes the connection to the shared browser (the global teardown stops the browser). */
export async function disconnect(): Promise<void> {
  if (!shared) return;
  const connected = await shared;
  shared = undefined;
  await connected.close();
}
