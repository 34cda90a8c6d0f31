import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { shownText } from './text.js';

/** The state parts every element renders (see src/internal/states.ts). */
export const statePart = {
  loading: '[part~="loading"]',
  empty: '[part~="empty"]',
  error: '[part~="error"]',
} as const;

const TIMEOUT = 15_000;

/** Waits until the element shows `state`. */
export async function waitForState(
  element: Locator,
  state: keyof typeof statePart,
  timeout = TIMEOUT,
): Promise<Locator> {
  const part = element.locator(statePart[state]).first();
  await part.waitFor({ state: 'visible', timeout });
  return part;
}

/**
 * Waits until the element has shown what it loaded: `ready` (a locator inside it, e.g. its
 * table rows) is visible and no loading indicator is left.
 */
export async function waitForData(
  element: Locator,
  ready: string,
  timeout = TIMEOUT,
): Promise<void> {
  await element.locator(ready).first().waitFor({ state: 'visible', timeout });
  await element.locator(statePart.loading).first().waitFor({ state: 'detached', timeout });
}

export interface ShownError {
  message: string;
  requestId: string | undefined;
  role: string | null;
}

/** The error state's message and request id, once it shows. */
export async function shownError(element: Locator): Promise<ShownError> {
  const part = await waitForState(element, 'error');
  const message = (await shownText(part.locator('.message'))).trim();
  const requestIdLine = part.locator('.request-id');
  const requestId =
    (await requestIdLine.count()) > 0 ? (await shownText(requestIdLine)).trim() : undefined;
  return { message, requestId, role: await part.getAttribute('role') };
}

/** Asserts the error state shows `message` (a substring or pattern) and a `req_` request id. */
export async function expectApiError(element: Locator, message: string | RegExp): Promise<void> {
  const shown = await shownError(element);
  expect(shown.role).toBe('alert');
  if (typeof message === 'string') expect(shown.message).toContain(message);
  else expect(shown.message).toMatch(message);
  expect(shown.requestId).toMatch(/req_\w+/);
}
