import type { FinACEverse } from '@finaceverse/sdk';
import { ContextConsumer } from '@lit/context';
import {
  LitElement,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { FinErrorEvent } from '../events.js';
import { type FinConfig, finConfigContext } from './context.js';
import { describeError, type FinErrorInfo } from './errors.js';
import { resolveLocale } from './format.js';
import { allows, type Scope } from './scopes.js';
import { errorState, loadingState } from './states.js';
import { baseStyles } from './styles.js';

/** Where an element's data stands. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

const NO_PROVIDER: FinErrorInfo = {
  message: 'Place this element inside a <fin-provider> with a base-url and a token.',
  type: 'configuration_error',
  code: undefined,
  status: undefined,
  requestId: undefined,
  param: undefined,
};

/**
 * The base of every data element: reads the provider's configuration through Lit context,
 * loads its data through the SDK whenever its inputs change, and tracks loading, error and
 * ready states. Subclasses say what their inputs are ({@link loadKey}) and how to load
 * ({@link load}); `T` is what `load` returns.
 */
export abstract class FinElement<T> extends LitElement {
  static override styles = [baseStyles];

  static override properties: PropertyDeclarations = {
    locale: { type: String },
    _status: { state: true },
    _data: { state: true },
    _error: { state: true },
  };

  /**
   * Locale of numbers, money and dates (BCP 47, e.g. `de-DE`). Default: the provider's
   * `locale`, else `navigator.language`.
   */
  declare locale: string | undefined;
  declare protected _status: LoadStatus;
  declare protected _data: T | undefined;
  declare protected _error: FinErrorInfo | undefined;

  /** Keep showing the previous data (marked busy) while new data loads, e.g. between pages. */
  protected staleWhileLoading = false;

  readonly #config = new ContextConsumer(this, { context: finConfigContext, subscribe: true });
  #loadedKey: string | undefined;
  #abort: AbortController | undefined;

  constructor() {
    super();
    this._status = 'idle';
  }

  /** The provider's configuration, once this element is inside one. */
  protected get config(): FinConfig | undefined {
    return this.#config.value;
  }

  /** The SDK client of the provider (it changes when the token is refreshed). */
  protected get client(): FinACEverse | undefined {
    return this.config?.client;
  }

  /** The locale formatting uses. */
  protected get localeTag(): string {
    return resolveLocale(this.locale, this.config?.locale, globalThis.navigator?.language);
  }

  /** Whether the provider's `scopes` allow `scope` (true when the host did not say). */
  protected can(scope: Scope): boolean {
    return allows(this.config?.scopes, scope);
  }

  /** A string of every input whose change must reload the data. */
  protected loadKey(): string {
    return '';
  }

  /** Fetches the element's data with the SDK; abort `signal` means the result is stale. */
  protected abstract load(client: FinACEverse, signal: AbortSignal): Promise<T>;

  #key(): string {
    return `${this.config?.baseUrl ?? ''}\n${this.loadKey()}`;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.client && this.#key() !== this.#loadedKey) void this.refresh();
  }

  /**
   * Loads the data again from the API. Resolves once it is shown (or the error is).
   *
   * @example
   * ```ts
   * await document.querySelector('fin-invoice-list')?.refresh();
   * ```
   */
  async refresh(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.#loadedKey = this.#key();
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this._status = 'loading';
    this._error = undefined;
    try {
      const data = await this.load(client, abort.signal);
      if (abort.signal.aborted) return;
      this._data = data;
      this._status = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      this._error = this.reportError(error);
      this._status = 'error';
    }
  }

  /** Describes a failure and fires `fin-error` with it. */
  protected reportError(error: unknown): FinErrorInfo {
    const info = describeError(error);
    this.dispatchEvent(new FinErrorEvent(info, error));
    return info;
  }

  /**
   * The loading, error and "no provider" states, or `undefined` once the data is ready.
   * `retry` adds a "Try again" button to the error state.
   */
  protected renderStatus(loadingLabel: string): TemplateResult | undefined {
    if (!this.config) return errorState(NO_PROVIDER);
    if (this._status === 'error' && this._error)
      return errorState(this._error, () => this.refresh());
    if (this._data === undefined) return loadingState(loadingLabel);
    if (this._status === 'loading' && !this.staleWhileLoading) return loadingState(loadingLabel);
    return undefined;
  }
}
