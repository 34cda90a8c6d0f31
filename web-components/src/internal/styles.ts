import { css } from 'lit';

/**
 * The shared look of every element. Public knobs are the documented `--fin-*` custom
 * properties; the `--_*` ones are private shorthands resolved once on the host.
 * The defaults keep text at 4.5:1 or better against the default background.
 */
export const baseStyles = css`
  :host {
    --_primary: var(--fin-color-primary, #1d4ed8);
    --_on-primary: var(--fin-color-on-primary, #ffffff);
    --_text: var(--fin-color-text, #1f2937);
    --_muted: var(--fin-color-muted, #4b5563);
    --_bg: var(--fin-color-background, #ffffff);
    --_surface: var(--fin-color-surface, #f3f4f6);
    --_border: var(--fin-color-border, #d1d5db);
    --_input-border: var(--fin-color-input-border, #6b7280);
    --_danger: var(--fin-color-danger, #b91c1c);
    --_danger-bg: var(--fin-color-danger-background, #fef2f2);
    --_radius: var(--fin-radius, 6px);
    --_space: var(--fin-space, 0.5rem);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--fin-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--fin-font-size, 0.9375rem);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: var(--_space);
    margin-block-end: var(--_space);
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: calc(var(--_space) / 2);
  }
  th,
  td {
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-block-end: 1px solid var(--_border);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    background: var(--_surface);
    font-weight: 600;
    white-space: nowrap;
  }
  tfoot th,
  tfoot td {
    font-weight: 600;
    border-block-end: none;
    border-block-start: 2px solid var(--_border);
  }
  tbody tr.selectable {
    cursor: pointer;
  }
  tbody tr.selectable:hover {
    background: var(--_surface);
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875em;
  }
  button {
    font: inherit;
    min-height: 2.25rem;
    padding: calc(var(--_space) * 0.5) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    border: 1px solid var(--_primary);
    background: var(--_bg);
    color: var(--_primary);
    cursor: pointer;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button.danger {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  button.link {
    min-height: 0;
    padding: 0;
    border: none;
    background: none;
    color: var(--_primary);
    text-align: start;
    text-decoration: underline;
  }
  label,
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
  }
  .label {
    font-weight: 600;
    font-size: 0.875em;
  }
  input,
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    min-height: 2.25rem;
    padding: calc(var(--_space) * 0.5) var(--_space);
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.875em;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='loading'],
  [part~='empty'] {
    padding: calc(var(--_space) * 2) var(--_space);
    color: var(--_muted);
  }
  [part~='error'] {
    padding: var(--_space) calc(var(--_space) * 1.5);
    margin-block: var(--_space);
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    background: var(--_danger-bg);
    color: var(--_danger);
  }
  [part~='error'] p {
    margin: 0;
  }
  [part~='error'] .request-id {
    color: var(--_text);
    font-size: 0.875em;
  }
  [part~='error'] button {
    margin-block-start: calc(var(--_space) / 2);
  }
  [part~='pagination'] {
    display: flex;
    gap: var(--_space);
    justify-content: flex-end;
    margin-block-start: var(--_space);
  }
  .badge {
    display: inline-block;
    padding: 0 calc(var(--_space) * 0.75);
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    background: #f3f4f6;
    color: #374151;
  }
  .badge.open {
    background: #dbeafe;
    color: #1e40af;
  }
  .badge.paid {
    background: #dcfce7;
    color: #166534;
  }
  .badge.void {
    background: #e5e7eb;
    color: #4b5563;
  }
`;
