/**
 * Entry point of the staff console, bundled by esbuild into `dist/console/app.js`. Page-level
 * styles are set here as a constructed stylesheet, so index.html needs no inline style or script.
 */
import { css } from 'lit';
import './app-shell.ts';

const pageStyles = css`
  body {
    margin: 0;
    background: #ffffff;
    font-family: system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif;
  }

  /* @page works only in a document-level sheet, not in a component's shadow root. */
  @page {
    size: A4;
    margin: 15mm;
  }

  @media print {
    body {
      background: #ffffff;
      color: #000000;
    }
  }
`;

if (pageStyles.styleSheet) {
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet];
}
