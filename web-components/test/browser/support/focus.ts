import type { Page } from 'playwright-core';

export interface FocusedElement {
  /** Tag names from the document down through open shadow roots, e.g. `fin-invoice-list > button`. */
  path: string;
  part: string | null;
  name: string | null;
  text: string;
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidth: string;
}

/** The element that has focus, looking inside shadow roots. */
export function focused(page: Page): Promise<FocusedElement | undefined> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    const path: string[] = [];
    while (active) {
      path.push(active.localName);
      const inner: Element | null | undefined = active.shadowRoot?.activeElement;
      if (!inner) break;
      active = inner;
    }
    if (!active || active === document.body) return undefined;
    const style = getComputedStyle(active);
    return {
      path: path.join(' > '),
      part: active.getAttribute('part'),
      name: active.getAttribute('name'),
      text: (active.textContent ?? '').trim(),
      focusVisible: active.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
    };
  });
}

/** Presses Tab until `match` holds for the focused element; fails after `max` presses. */
export async function tabTo(
  page: Page,
  match: (el: FocusedElement) => boolean,
  max = 25,
): Promise<{ element: FocusedElement; visited: FocusedElement[] }> {
  const visited: FocusedElement[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (!element) continue;
    visited.push(element);
    if (match(element)) return { element, visited };
  }
  throw new Error(
    `Tab never reached the control; visited: ${visited.map((v) => `${v.path}[${v.part ?? v.name ?? v.text}]`).join(', ')}`,
  );
}
