import type { Account, FinACEverse } from '@finaceverse/sdk';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import './fin-provider.js';
import { FinJournalEntryCreatedEvent } from './events.js';
import type { FinErrorInfo } from './internal/errors.js';
import { FinElement } from './internal/fin-element.js';
import { formStyles } from './internal/form-styles.js';
import { formatMoney, todayIso } from './internal/format.js';
import {
  type CheckedJournalLine,
  checkJournalLine,
  emptyJournalLine,
  isBalanced,
  type JournalDraftLine,
  journalTotals,
} from './internal/journal-draft.js';
import { errorState } from './internal/states.js';

type LineField = 'debit' | 'credit';

/**
 * A balanced-entry editor: date, description and lines of account (loaded from the API),
 * debit and credit. It shows the debit and credit totals as you type and keeps the submit
 * button disabled until they are equal and not zero (per currency), then posts the entry
 * and fires `fin-journal-entry-created`. Amounts are typed in major units and parsed
 * exactly. Needs `journal_entries:write` and `accounts:read`.
 *
 * @summary Post a journal entry; submit stays blocked until debits equal credits.
 * @tagname fin-journal-entry-form
 *
 * @fires {FinJournalEntryCreatedEvent} fin-journal-entry-created - The entry was posted; `journalEntry` (also `detail.journalEntry`).
 * @fires {FinErrorEvent} fin-error - A call failed; `detail` has the message and request id.
 *
 * @csspart form - The `<form>`.
 * @csspart line - Each line's `<fieldset>`.
 * @csspart account - Each line's account `<select>`.
 * @csspart input - Every text, amount and date input.
 * @csspart totals - The debit and credit totals.
 * @csspart total - Each total.
 * @csspart balance - The "balanced / out of balance by …" message (a live region).
 * @csspart button - Every button (add line, remove line, submit).
 * @csspart submit - The submit button.
 * @csspart notice - The confirmation after an entry is posted (a live region).
 * @csspart loading - Shown while the accounts load.
 * @csspart error - The error state (`role="alert"`): message and request id.
 *
 * @cssproperty --fin-color-primary - Buttons, links and focus ring. Default `#1d4ed8`.
 * @cssproperty --fin-color-on-primary - Text on primary buttons. Default `#ffffff`.
 * @cssproperty --fin-color-text - Text. Default `#1f2937`.
 * @cssproperty --fin-color-muted - Secondary text. Default `#4b5563`.
 * @cssproperty --fin-color-background - Background. Default `#ffffff`.
 * @cssproperty --fin-color-surface - Table header and row hover. Default `#f3f4f6`.
 * @cssproperty --fin-color-border - Table rules. Default `#d1d5db`.
 * @cssproperty --fin-color-input-border - Form control borders. Default `#6b7280`.
 * @cssproperty --fin-color-danger - Error text and border. Default `#b91c1c`.
 * @cssproperty --fin-color-danger-background - Error background. Default `#fef2f2`.
 * @cssproperty --fin-font-family - Font. Default `system-ui, sans-serif`.
 * @cssproperty --fin-font-size - Base font size. Default `0.9375rem`.
 * @cssproperty --fin-radius - Corner radius. Default `6px`.
 * @cssproperty --fin-space - Spacing unit. Default `0.5rem`.
 *
 * @example
 * ```html
 * <fin-provider base-url="https://api.example.com" token="ek_…" scopes="journal_entries:write accounts:read">
 *   <fin-journal-entry-form></fin-journal-entry-form>
 * </fin-provider>
 * <script type="module">
 *   document.addEventListener('fin-journal-entry-created', (e) => console.log(e.journalEntry.id));
 * </script>
 * ```
 */
export class FinJournalEntryForm extends FinElement<Account[]> {
  static override styles = [...FinElement.styles, formStyles];

  static override properties: PropertyDeclarations = {
    _date: { state: true },
    _description: { state: true },
    _lines: { state: true },
    _submitting: { state: true },
    _submitError: { state: true },
    _notice: { state: true },
  };

  declare private _date: string;
  declare private _description: string;
  declare private _lines: JournalDraftLine[];
  declare private _submitting: boolean;
  declare private _submitError: FinErrorInfo | undefined;
  declare private _notice: string | undefined;

  constructor() {
    super();
    this._date = todayIso();
    this._description = '';
    this._lines = [emptyJournalLine(), emptyJournalLine()];
    this._submitting = false;
  }

  protected override loadKey(): string {
    return 'accounts';
  }

  protected override async load(client: FinACEverse, signal: AbortSignal): Promise<Account[]> {
    const accounts = await client.accounts
      .list({ limit: 100 }, { signal })
      .toArray({ limit: 1000 });
    return accounts.sort((a, b) => a.code.localeCompare(b.code));
  }

  #setLine(key: number, field: keyof Omit<JournalDraftLine, 'key'>, value: string): void {
    this._lines = this._lines.map((line) =>
      line.key === key ? { ...line, [field]: value } : line,
    );
    this._notice = undefined;
  }

  #addLine(): void {
    this._lines = [...this._lines, emptyJournalLine()];
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('[part~="line"]:last-of-type select')?.focus();
    });
  }

  #removeLine(key: number): void {
    const index = this._lines.findIndex((line) => line.key === key);
    this._lines = this._lines.filter((line) => line.key !== key);
    void this.updateComplete.then(() => {
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>(
        'button.remove:not([disabled])',
      );
      (
        buttons[Math.min(index, buttons.length - 1)] ??
        this.renderRoot.querySelector<HTMLElement>('button.add')
      )?.focus();
    });
  }

  #checked(): CheckedJournalLine[] {
    const accounts = this._data ?? [];
    return this._lines.map((line) => checkJournalLine(line, accounts, this.localeTag));
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const client = this.client;
    const checked = this.#checked();
    if (this._submitting || !client || !this._date || !isBalanced(checked)) return;
    this._submitting = true;
    this._submitError = undefined;
    this._notice = undefined;
    try {
      const description = this._description.trim();
      const journalEntry = await client.journalEntries.create({
        date: this._date,
        ...(description ? { description } : {}),
        lines: checked.flatMap(({ figures }) =>
          figures
            ? [
                {
                  account_id: figures.accountId,
                  direction: figures.direction,
                  amount: Number(figures.amount),
                },
              ]
            : [],
        ),
      });
      this._lines = [emptyJournalLine(), emptyJournalLine()];
      this._description = '';
      this._notice = `Journal entry ${journalEntry.id} posted.`;
      this.dispatchEvent(new FinJournalEntryCreatedEvent(journalEntry));
    } catch (error) {
      this._submitError = this.reportError(error);
    } finally {
      this._submitting = false;
    }
  }

  #renderAmount(
    line: JournalDraftLine,
    field: LineField,
    problem: string | undefined,
  ): TemplateResult {
    const account = this._data?.find((a) => a.id === line.accountId);
    const errorId = `line-${line.key}-${field}-error`;
    return html`<label>
      <span class="label">${field === 'debit' ? 'Debit' : 'Credit'}${account ? ` (${account.currency})` : ''}</span>
      <input
        part="input ${field}"
        name=${field}
        inputmode="decimal"
        autocomplete="off"
        .value=${line[field]}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? errorId : nothing}
        @input=${(e: Event) => this.#setLine(line.key, field, (e.target as HTMLInputElement).value)}
      />
      ${problem ? html`<span class="field-error" id=${errorId}>${problem}</span>` : nothing}
    </label>`;
  }

  #renderLine(line: JournalDraftLine, checked: CheckedJournalLine, index: number): TemplateResult {
    const { problems } = checked;
    const number = index + 1;
    // Both sides filled is the one problem worth flagging before the user is done typing.
    const sideProblem = line.debit.trim() && line.credit.trim() ? problems.side : undefined;
    const sideId = `line-${line.key}-side-error`;
    return html`<fieldset part="line" aria-describedby=${sideProblem ? sideId : nothing}>
      <legend>Line ${number}</legend>
      <div class="line">
        <label class="wide">
          <span class="label">Account</span>
          <select
            part="account"
            name="account"
            @change=${(e: Event) => this.#setLine(line.key, 'accountId', (e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${line.accountId === ''}>Choose an account</option>
            ${(this._data ?? []).map(
              (a) =>
                html`<option value=${a.id} ?selected=${line.accountId === a.id}>
                  ${a.code} · ${a.name} (${a.currency})
                </option>`,
            )}
          </select>
        </label>
        ${this.#renderAmount(line, 'debit', line.debit.trim() ? problems.debit : undefined)}
        ${this.#renderAmount(line, 'credit', line.credit.trim() ? problems.credit : undefined)}
        <button
          type="button"
          class="remove end"
          part="button remove-line"
          aria-label="Remove line ${number}"
          ?disabled=${this._lines.length <= 2}
          @click=${() => this.#removeLine(line.key)}
        >
          Remove
        </button>
      </div>
      ${sideProblem ? html`<p class="field-error" id=${sideId}>${sideProblem}</p>` : nothing}
    </fieldset>`;
  }

  #renderTotals(checked: CheckedJournalLine[], balanced: boolean): TemplateResult {
    const locale = this.localeTag;
    const totals = journalTotals(checked);
    const shown = totals.length > 0 ? totals : [{ currency: 'USD', debit: 0n, credit: 0n }];
    const unbalanced = shown.find((t) => t.debit !== t.credit);
    const message = balanced
      ? 'Balanced: debits equal credits.'
      : unbalanced
        ? `Out of balance by ${formatMoney(
            unbalanced.debit > unbalanced.credit
              ? unbalanced.debit - unbalanced.credit
              : unbalanced.credit - unbalanced.debit,
            unbalanced.currency,
            locale,
          )}.`
        : 'Enter the amounts: debits must equal credits and not be zero.';
    return html`<dl part="totals">
        ${shown.map(
          (t) => html`<div part="total debits">
              <dt>Total debits${shown.length > 1 ? ` (${t.currency})` : ''}</dt>
              <dd>${formatMoney(t.debit, t.currency, locale)}</dd>
            </div>
            <div part="total credits">
              <dt>Total credits${shown.length > 1 ? ` (${t.currency})` : ''}</dt>
              <dd>${formatMoney(t.credit, t.currency, locale)}</dd>
            </div>`,
        )}
      </dl>
      <p part="balance" class=${balanced ? '' : 'hint'} role="status">${message}</p>`;
  }

  protected override render() {
    const status = this.renderStatus('Loading accounts…');
    if (status) return status;
    const checked = this.#checked();
    const balanced = isBalanced(checked);
    const canWrite = this.can('journal_entries:write');
    return html`<form part="form" novalidate aria-label="New journal entry" @submit=${this.#submit}>
      <div class="row">
        <label>
          <span class="label">Date</span>
          <input
            part="input"
            type="date"
            name="date"
            required
            .value=${this._date}
            @input=${(e: Event) => {
              this._date = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
        <label>
          <span class="label">Description (optional)</span>
          <input
            part="input"
            name="description"
            autocomplete="off"
            maxlength="500"
            .value=${this._description}
            @input=${(e: Event) => {
              this._description = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
      </div>
      <div class="lines">
        ${repeat(
          this._lines,
          (line) => line.key,
          (line, i) => this.#renderLine(line, checked[i] as CheckedJournalLine, i),
        )}
      </div>
      <div>
        <button type="button" class="add" part="button add-line" @click=${this.#addLine}>Add line</button>
      </div>
      ${this.#renderTotals(checked, balanced)}
      ${this._submitError ? errorState(this._submitError) : nothing}
      <div class="submit">
        ${
          canWrite
            ? nothing
            : html`<p class="hint" part="read-only">This token cannot post journal entries.</p>`
        }
        <div part="notice" role="status">${this._notice ?? ''}</div>
        <button
          type="submit"
          class="primary"
          part="button submit"
          ?disabled=${!canWrite || !balanced || !this._date || this._submitting}
        >
          ${this._submitting ? 'Posting…' : 'Post journal entry'}
        </button>
      </div>
    </form>`;
  }
}

// The element's events, so importing just this element also types its listeners.
export { FinErrorEvent, FinJournalEntryCreatedEvent } from './events.js';

if (!customElements.get('fin-journal-entry-form')) {
  customElements.define('fin-journal-entry-form', FinJournalEntryForm);
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-journal-entry-form': FinJournalEntryForm;
  }
}
