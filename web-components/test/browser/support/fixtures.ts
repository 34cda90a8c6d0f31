import { afterAll, afterEach, beforeEach } from 'vitest';
import { disconnect, openPage, type TestPage } from './browser.js';

/**
 * A fresh page (own browser context) for each test of the file, closed after it; the
 * connection to the shared browser closes after the file. Read `current()` inside a test.
 */
export function usePage(origin?: string): () => TestPage {
  let page: TestPage | undefined;
  beforeEach(async () => {
    page = await openPage(origin);
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });
  afterAll(disconnect);
  return () => {
    if (!page) throw new Error('usePage: no page outside a test');
    return page;
  };
}
