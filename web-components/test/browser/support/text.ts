import type { Locator } from 'playwright-core';

/**
 * The text as rendered (Playwright's `innerText`): what a person sees, with table cells
 * separated by tabs — not `textContent`, which would also read hidden text and template
 * whitespace.
 */
export function shownText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's rendered text, not the DOM property.
  return locator.innerText();
}

/** A table row's cells as rendered, trimmed. */
export async function cellsOf(row: Locator): Promise<string[]> {
  return (await shownText(row)).split('\t').map((cell) => cell.trim());
}
