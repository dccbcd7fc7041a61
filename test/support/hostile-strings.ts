/**
 * Hostile strings for injection tests: markup, script URLs, SQL, path traversal, control and
 * bidirectional characters, emoji, a very long line, spreadsheet formulas and template syntax.
 * Every text field must store each one exactly or reject it with a 400 that names the field.
 * None has leading or trailing whitespace, because text fields trim it by design.
 */

export interface HostileString {
  id: string;
  value: string;
  /**
   * True when the server may reject the value with a 400 naming the field instead of storing it:
   * control characters, line breaks and a lone surrogate. Any field may reject a value longer than
   * its maximum length.
   */
  mayReject: boolean;
}

/** A line of 10,000 characters: only body fields (up to 20,000 characters) must accept it. */
const LONG_LINE = '长'.repeat(5_000) + 'x'.repeat(5_000);

export const HOSTILE_STRINGS: readonly HostileString[] = [
  { id: 'script-tag', value: '<script>alert(1)</script>', mayReject: false },
  { id: 'img-onerror', value: '<img src=x onerror=alert(1)>', mayReject: false },
  { id: 'bold-ampersand', value: '<b>粗体</b> & 符号', mayReject: false },
  { id: 'javascript-url', value: 'javascript:alert(1)', mayReject: false },
  { id: 'data-url', value: 'data:text/html,<script>alert(1)</script>', mayReject: false },
  { id: 'sql-drop', value: "'; DROP TABLE disclosure; --", mayReject: false },
  { id: 'sql-or', value: '" OR 1=1 --', mayReject: false },
  { id: 'path-unix', value: '../../etc/passwd', mayReject: false },
  { id: 'path-windows', value: '..\\..\\windows', mayReject: false },
  { id: 'nul', value: 'a\u0000b', mayReject: true },
  { id: 'c0-controls', value: 'x\u0001\u0007\u0008\u000B\u000C\u001B[31m\u001Fy', mayReject: true },
  { id: 'delete-char', value: 'a\u007Fb', mayReject: true },
  { id: 'rtl-override', value: '文件\u202Etxt.exe', mayReject: false },
  { id: 'zero-width-joiner', value: '居\u200D委\u200B会', mayReject: false },
  { id: 'emoji', value: '😀👨‍👩‍👧🏮', mayReject: false },
  { id: 'long-line', value: LONG_LINE, mayReject: true },
  { id: 'formula-hyperlink', value: '=HYPERLINK("http://evil","x")', mayReject: false },
  { id: 'formula-plus', value: '+1+1', mayReject: false },
  { id: 'formula-minus', value: '-2+3', mayReject: false },
  { id: 'formula-at', value: '@SUM(1)', mayReject: false },
  { id: 'formula-equals', value: '=1+1', mayReject: false },
  { id: 'template-dollar', value: '${7*7}', mayReject: false },
  { id: 'template-braces', value: '{{7*7}}', mayReject: false },
  { id: 'format-string', value: '%s%n', mayReject: false },
  {
    id: 'unicode-escape-text',
    value: '\\u003cscript\\u003e \\x3c &#60; &lt;b&gt;',
    mayReject: false,
  },
  { id: 'crlf', value: 'a\r\nb', mayReject: true },
  // A lone surrogate is valid in JSON and in a JS string but has no UTF-8 encoding.
  { id: 'lone-surrogate', value: 'a\uD800b', mayReject: true },
];

/** Strings that would run as a formula in a spreadsheet if a CSV cell started with them. */
export const FORMULA_PREFIX = /^[=+\-@]/;
