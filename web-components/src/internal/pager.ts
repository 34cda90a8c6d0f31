import type { List } from '@finaceverse/sdk';
import { html, type TemplateResult } from 'lit';

/** Where a page starts: after an id (older objects) or before one (newer objects). */
export interface PageCursor {
  starting_after?: string;
  ending_before?: string;
}

/** One page of a list as the elements show it, newest first. */
export interface Page<T> {
  data: T[];
  hasNext: boolean;
  hasPrevious: boolean;
}

/**
 * Reads a list response with the cursor that fetched it. Lists are newest first: "Next"
 * goes to older objects (`starting_after` the last id), "Previous" to newer ones
 * (`ending_before` the first id), where `has_more` then says whether there are newer still.
 */
export function pageOf<T extends { id: string }>(list: List<T>, cursor: PageCursor): Page<T> {
  if (cursor.ending_before !== undefined) {
    return { data: list.data, hasNext: true, hasPrevious: list.has_more };
  }
  return {
    data: list.data,
    hasNext: list.has_more,
    hasPrevious: cursor.starting_after !== undefined,
  };
}

/** The cursor of the page after `page`. */
export function nextCursor<T extends { id: string }>(page: Page<T>): PageCursor {
  const last = page.data.at(-1);
  return last ? { starting_after: last.id } : {};
}

/** The cursor of the page before `page`. */
export function previousCursor<T extends { id: string }>(page: Page<T>): PageCursor {
  const first = page.data[0];
  return first ? { ending_before: first.id } : {};
}

/** A cursor as a stable string, for an element's load key. */
export function cursorKey(cursor: PageCursor): string {
  return `${cursor.starting_after ?? ''}|${cursor.ending_before ?? ''}`;
}

/**
 * The Previous / Next buttons. While a page loads they stay enabled (so keyboard focus stays
 * put) and the element ignores clicks.
 */
export function paginationNav(
  label: string,
  page: Page<unknown>,
  go: (direction: 'previous' | 'next') => void,
): TemplateResult {
  return html`<nav part="pagination" aria-label=${label}>
    <button
      type="button"
      part="button previous"
      data-direction="previous"
      ?disabled=${!page.hasPrevious}
      @click=${() => go('previous')}
    >
      Previous
    </button>
    <button
      type="button"
      part="button next"
      data-direction="next"
      ?disabled=${!page.hasNext}
      @click=${() => go('next')}
    >
      Next
    </button>
  </nav>`;
}
