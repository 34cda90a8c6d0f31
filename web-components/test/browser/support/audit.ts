import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshotPath } from './artifacts.js';
import { seriousViolations } from './axe.js';
import type { Mounted } from './mount.js';

/**
 * What every state of every element gets: axe-core finds no serious or critical violation
 * in it, and a screenshot of it is saved as `test-artifacts/screenshots/<name>.png`.
 */
export async function auditState(page: Page, mounted: Mounted, name: string): Promise<void> {
  expect(await seriousViolations(page, mounted.element), `axe on ${name}`).toEqual([]);
  await mounted.provider.screenshot({ path: screenshotPath(name), animations: 'disabled' });
}
