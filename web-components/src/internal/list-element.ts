import type { FinACEverse, List } from '@finaceverse/sdk';
import { nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { FinElement } from './fin-element.js';
import {
  cursorKey,
  nextCursor,
  type Page,
  type PageCursor,
  pageOf,
  paginationNav,
  previousCursor,
} from './pager.js';
import { loadingState } from './states.js';

/** What a list element passes to the SDK for one page. */
export interface PageParams extends PageCursor {
  limit: number;
}

function clampLimit(limit: number): number {
  return Number.isInteger(limit) ? Math.min(100, Math.max(1, limit)) : 10;
}

/**
 * The base of the paginated table elements: holds the cursor, loads one page at a time and
 * renders the Previous / Next buttons. A change of a filter property starts from page one.
 */
export abstract class FinListElement<T extends { id: string }> extends FinElement<Page<T>> {
  static override properties: PropertyDeclarations = {
    limit: { type: Number },
    _cursor: { state: true },
  };

  /** Rows per page, 1 to 100 (default 10). */
  declare limit: number;
  declare protected _cursor: PageCursor;

  /** Properties whose change goes back to the first page. */
  protected filterProperties: readonly string[] = [];

  protected override staleWhileLoading = true;

  constructor() {
    super();
    this.limit = 10;
    this._cursor = {};
  }

  /** Fetches one page with the SDK. */
  protected abstract fetchPage(
    client: FinACEverse,
    params: PageParams,
    signal: AbortSignal,
  ): Promise<List<T>>;

  /** The filters as a string, part of the load key. */
  protected filterKey(): string {
    return '';
  }

  protected override loadKey(): string {
    return `${this.limit}|${cursorKey(this._cursor)}|${this.filterKey()}`;
  }

  protected override async load(client: FinACEverse, signal: AbortSignal): Promise<Page<T>> {
    const cursor = this._cursor;
    const list = await this.fetchPage(client, { limit: clampLimit(this.limit), ...cursor }, signal);
    return pageOf(list, cursor);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (this.filterProperties.some((name) => changed.has(name))) this._cursor = {};
    super.willUpdate(changed);
  }

  async #go(direction: 'previous' | 'next'): Promise<void> {
    const page = this._data;
    if (!page || this._status === 'loading') return;
    this._cursor = direction === 'next' ? nextCursor(page) : previousCursor(page);
    await this.refresh();
    await this.updateComplete;
    // At the first or last page the pressed button turns disabled: keep focus in the nav.
    const nav = this.renderRoot.querySelector('[part~="pagination"]');
    const pressed = nav?.querySelector<HTMLButtonElement>(`[data-direction="${direction}"]`);
    const other = nav?.querySelector<HTMLButtonElement>(
      `[data-direction="${direction === 'next' ? 'previous' : 'next'}"]`,
    );
    if (pressed?.disabled && other && !other.disabled) other.focus();
  }

  /** The busy line shown above the previous page while the next one loads. */
  protected renderBusy(label: string): TemplateResult | typeof nothing {
    return this._status === 'loading' && this._data !== undefined ? loadingState(label) : nothing;
  }

  /** Previous / Next, once there is a page that has neighbours. */
  protected renderPagination(label: string): TemplateResult | typeof nothing {
    const page = this._data;
    if (!page || (!page.hasNext && !page.hasPrevious) || this._status === 'error') return nothing;
    return paginationNav(label, page, (direction) => void this.#go(direction));
  }
}
