import { css } from 'lit';

/** Layout shared by the two form elements. */
export const formStyles = css`
  form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 1.5);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: start;
  }
  .row > label,
  .row > .field {
    flex: 1 1 10rem;
  }
  fieldset {
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 1.5) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  legend {
    font-weight: 600;
    padding-inline: calc(var(--_space) / 2);
  }
  .line {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
    gap: var(--_space);
    align-items: start;
  }
  .line .wide {
    grid-column: span 2;
  }
  .line .end {
    align-self: end;
  }
  .lines {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  output {
    font-variant-numeric: tabular-nums;
  }
  [part~='totals'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: calc(var(--_space) * 3);
    margin: 0;
  }
  [part~='totals'] div {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
  }
  [part~='totals'] dt {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='totals'] dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .submit {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_space);
  }
  [part~='balance'] {
    margin: 0;
    text-align: end;
  }
  [part~='notice'] {
    color: var(--_text);
  }
`;
