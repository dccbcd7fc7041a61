/** Inline notices: errors are announced at once, success messages politely. */
import { html, nothing } from 'lit';

export type NoticeKind = 'error' | 'ok' | 'warn';

export interface Notice {
  kind: NoticeKind;
  text: string;
}

export function renderNotice(notice: Notice | null | undefined) {
  if (!notice) return nothing;

  const role = notice.kind === 'error' ? 'alert' : 'status';
  return html`<p class="notice ${notice.kind}" role=${role}>${notice.text}</p>`;
}
