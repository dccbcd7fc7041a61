/**
 * Styles shared by every console view: type, form controls, tables that stack on phones, notices,
 * a visible keyboard focus ring and the print rules. Colors keep at least 4.5:1 contrast on white.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    color: #1f2328;
    font-size: 16px;
    line-height: 1.5;
  }

  * {
    box-sizing: border-box;
  }

  h2 {
    font-size: 1.35rem;
    margin: 0 0 0.75rem;
  }

  h3 {
    font-size: 1.1rem;
    margin: 1.25rem 0 0.5rem;
  }

  a {
    color: #0b57d0;
  }

  :focus-visible {
    outline: 3px solid #e8a400;
    outline-offset: 2px;
  }

  button {
    font: inherit;
    min-height: 2.25rem;
    padding: 0.25rem 0.9rem;
    border: 1px solid #5f6b7a;
    border-radius: 4px;
    background: #ffffff;
    color: #1f2328;
    cursor: pointer;
  }

  button.primary {
    background: #0b57d0;
    border-color: #0b57d0;
    color: #ffffff;
  }

  button.danger {
    border-color: #b3261e;
    color: #b3261e;
  }

  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }

  input,
  select,
  textarea {
    font: inherit;
    padding: 0.3rem 0.5rem;
    border: 1px solid #5f6b7a;
    border-radius: 4px;
    background: #ffffff;
    color: inherit;
    max-width: 100%;
  }

  textarea {
    width: 100%;
    min-height: 10rem;
    resize: vertical;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin-bottom: 0.75rem;
  }

  .field > span {
    font-weight: 600;
  }

  .hint {
    color: #4f5b67;
    font-size: 0.9rem;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  fieldset {
    min-width: 0;
    border: 1px solid #d0d7de;
    border-radius: 6px;
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem;
  }

  legend {
    font-weight: 600;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: flex-end;
  }

  .panel {
    border: 1px solid #d0d7de;
    border-radius: 6px;
    padding: 1rem;
    margin: 1rem 0;
    background: #ffffff;
  }

  .panel > h3:first-child {
    margin-top: 0;
  }

  .notice {
    padding: 0.6rem 0.8rem;
    border-radius: 4px;
    margin: 0.75rem 0;
  }

  .notice.error {
    background: #fdecea;
    border: 1px solid #b3261e;
    color: #8c1d18;
  }

  .notice.ok {
    background: #e7f4ea;
    border: 1px solid #1e7a34;
    color: #145224;
  }

  .notice.warn {
    background: #fff6db;
    border: 1px solid #946200;
    color: #5c3d00;
  }

  .tag {
    display: inline-block;
    padding: 0 0.4rem;
    border-radius: 3px;
    border: 1px solid currentColor;
    font-size: 0.85rem;
    white-space: nowrap;
  }

  .tag.sample {
    color: #7a4b00;
  }

  .status-draft {
    color: #4f5b67;
  }

  .status-published {
    color: #1e7a34;
  }

  .status-withdrawn {
    color: #b3261e;
  }

  .review-submitted {
    color: #7a4b00;
  }

  .review-returned {
    color: #b3261e;
  }

  .review-approved {
    color: #1e7a34;
  }

  table {
    border-collapse: collapse;
    width: 100%;
  }

  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid #d0d7de;
    overflow-wrap: anywhere;
  }

  th {
    background: #f3f5f7;
    white-space: nowrap;
  }

  td.actions {
    white-space: nowrap;
  }

  td.actions button {
    margin: 0 0.25rem 0.25rem 0;
  }

  /*
   * On a phone every table row becomes a card, each cell labelled with its column name. Screens
   * only: an A4 page with 15 mm margins is about 680 CSS px wide, so print keeps real tables.
   */
  @media screen and (max-width: 720px) {
    table.stack thead {
      display: none;
    }

    table.stack tr {
      display: block;
      border: 1px solid #d0d7de;
      border-radius: 6px;
      margin-bottom: 0.75rem;
      padding: 0.25rem 0;
    }

    table.stack td {
      display: grid;
      grid-template-columns: 6.5em minmax(0, 1fr);
      gap: 0.5rem;
      border-bottom: none;
      white-space: normal;
    }

    table.stack td::before {
      content: attr(data-label);
      font-weight: 600;
      color: #4f5b67;
    }

    table.stack td.actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
    }

    table.stack td.actions::before {
      width: 6.5em;
    }
  }

  .print-only {
    display: none;
  }

  /*
   * Print (A4, margins set on the page in main.ts): black on white, no controls, rows never cut
   * across pages and table headers repeated on every page.
   */
  @media print {
    :host {
      color: #000000;
      background: #ffffff;
      font-size: 10.5pt;
      line-height: 1.4;
    }

    button,
    form,
    input,
    select,
    textarea,
    .notice,
    .no-print {
      display: none !important;
    }

    .print-only {
      display: block;
    }

    a {
      color: #000000;
      text-decoration: none;
    }

    .hint,
    .panel {
      color: #000000;
      background: #ffffff;
    }

    .panel {
      border: none;
      padding: 0;
      margin: 0.5rem 0;
    }

    table {
      page-break-inside: auto;
    }

    thead {
      display: table-header-group;
    }

    tr,
    .keep-together {
      break-inside: avoid;
      page-break-inside: avoid;
    }

    th {
      background: #ffffff;
      border-bottom: 1.5px solid #000000;
    }

    th,
    td {
      border-bottom-color: #808080;
      padding: 0.25rem 0.35rem;
    }

    h2,
    h3 {
      break-after: avoid;
      page-break-after: avoid;
    }
  }
`;
