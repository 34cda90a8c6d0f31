import type { Locator, Page } from 'playwright-core';
import { inject } from 'vitest';

export type ElementTag =
  | 'fin-customer-list'
  | 'fin-invoice-list'
  | 'fin-invoice-detail'
  | 'fin-invoice-form'
  | 'fin-journal-entry-form'
  | 'fin-trial-balance';

export interface MountOptions {
  /** Embed token (or, in the test that misuses one, a secret key). */
  token: string;
  /** What the token allows; the provider shows actions accordingly. */
  scopes?: string[];
  /** Default: the live API. */
  baseUrl?: string;
  locale?: string;
  /** Attributes of the element itself. */
  attrs?: Record<string, string>;
  /** Runs in Node each time the provider asks for a fresh token. */
  fetchToken?: () => Promise<string>;
}

export interface Mounted {
  /** The `<fin-provider>` wrapper: the area screenshots show. */
  provider: Locator;
  /** The element under test (open shadow root: CSS locators pierce it). */
  element: Locator;
}

let mounts = 0;

/**
 * Places `<fin-provider><tag/></fin-provider>` in the page's `<main>`, with the token, scopes
 * and locale on the provider, and records every `fin-*` event the element fires.
 */
export async function mount(page: Page, tag: ElementTag, options: MountOptions): Promise<Mounted> {
  const id = `mount-${++mounts}`;
  if (options.fetchToken) {
    const name = `finTestFetchToken_${id.replace('-', '_')}`;
    await page.exposeFunction(name, options.fetchToken);
  }
  await page.waitForFunction((tag) => customElements.get(tag), tag);
  await page.evaluate(
    ({ id, tag, provider, attrs, fetchTokenName }) => {
      const wrapper = document.createElement('fin-provider');
      wrapper.id = id;
      for (const [name, value] of Object.entries(provider)) {
        if (value !== undefined) wrapper.setAttribute(name, value);
      }
      if (fetchTokenName) {
        const fn = (window as unknown as Record<string, () => Promise<string>>)[fetchTokenName]!;
        (wrapper as HTMLElement & { fetchToken?: () => Promise<string> }).fetchToken = () => fn();
      }
      const element = document.createElement(tag);
      for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
      wrapper.append(element);
      document.getElementById('root')?.append(wrapper);
    },
    {
      id,
      tag,
      provider: {
        'base-url': options.baseUrl ?? inject('apiUrl'),
        token: options.token,
        scopes: options.scopes?.join(' '),
        locale: options.locale ?? 'en-US',
      },
      attrs: options.attrs ?? {},
      fetchTokenName: options.fetchToken ? `finTestFetchToken_${id.replace('-', '_')}` : undefined,
    },
  );
  const provider = page.locator(`#${id}`);
  return { provider, element: provider.locator(tag) };
}

/** Starts recording the named events at the document (they bubble and are composed). */
export async function recordEvents(page: Page, names: string[]): Promise<void> {
  await page.evaluate((names) => {
    const w = window as unknown as { finEvents?: { type: string; detail: unknown }[] };
    w.finEvents ??= [];
    for (const name of names) {
      document.addEventListener(name, (event) => {
        w.finEvents?.push({ type: event.type, detail: (event as CustomEvent).detail });
      });
    }
  }, names);
}

/** The recorded events of `type`, in order, with their details. */
export async function recorded<T = unknown>(page: Page, type: string): Promise<T[]> {
  return page.evaluate((type) => {
    const w = window as unknown as { finEvents?: { type: string; detail: unknown }[] };
    return (w.finEvents ?? []).filter((e) => e.type === type).map((e) => e.detail);
  }, type) as Promise<T[]>;
}
