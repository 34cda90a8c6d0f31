import { html, nothing, type TemplateResult } from 'lit';
import type { FinErrorInfo } from './errors.js';

/** The loading state: a polite live region. */
export function loadingState(label: string): TemplateResult {
  return html`<div part="loading" role="status" aria-live="polite">${label}</div>`;
}

/** The empty state. */
export function emptyState(text: string): TemplateResult {
  return html`<div part="empty" role="status">${text}</div>`;
}

/**
 * The error state: the API's message and request id in an alert, and a retry button when
 * retrying makes sense.
 */
export function errorState(error: FinErrorInfo, retry?: () => void): TemplateResult {
  return html`<div part="error" role="alert">
    <p class="message">${error.message}</p>
    ${
      error.requestId
        ? html`<p class="request-id">Request ID: <span class="mono">${error.requestId}</span></p>`
        : nothing
    }
    ${retry ? html`<button type="button" part="button retry" @click=${retry}>Try again</button>` : nothing}
  </div>`;
}
