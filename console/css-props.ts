/**
 * `cssProps({...})`: sets inline style properties through the CSSOM on every render. Lit's own
 * styleMap writes the `style` attribute on first render, which the server's Content-Security-Policy
 * (`style-src 'self'`) blocks; CSSOM writes are allowed. Bind it to any attribute name, such as
 * `data-css=${cssProps({ width: '10px' })}`; that attribute itself is never written.
 */
import { noChange } from 'lit';
import {
  Directive,
  PartType,
  directive,
  type AttributePart,
  type PartInfo,
} from 'lit/directive.js';

class CssPropsDirective extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ATTRIBUTE) throw new Error('cssProps belongs in an attribute');
  }

  override render(_properties: Record<string, string>) {
    return noChange;
  }

  override update(part: AttributePart, [properties]: [Record<string, string>]) {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    return noChange;
  }
}

export const cssProps = directive(CssPropsDirective);
