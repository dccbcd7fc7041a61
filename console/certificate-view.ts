/**
 * 发布证明 of one disclosure (route `#/certificate/ID`, every role): each version with its content
 * hash, whether every screen showed the version on each Shanghai day of its 公示期 (missed days
 * with 未播放 or 屏幕离线), and every showing from the publication log. Prints to A4.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getCertificate } from './api.ts';
import type {
  Catalog,
  Certificate,
  CertificateCoverage,
  CertificateScreenCoverage,
} from './api-types.ts';
import { itemLabelByNumber } from './catalog-labels.ts';
import { REVIEW_LABELS, STATUS_LABELS } from './disclosure-labels.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { formatInstant } from './shanghai-input.ts';
import { baseStyles } from './styles.ts';

const MISSED_REASONS: Record<CertificateScreenCoverage['missed'][number]['reason'], string> = {
  'not shown': '未播放',
  'screen offline': '屏幕离线',
};

@customElement('gk-certificate-view')
export class CertificateView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .hash {
        font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
        font-size: 0.85rem;
        overflow-wrap: anywhere;
      }

      .missed {
        margin: 0.25rem 0 0;
        padding-left: 1.2rem;
      }

      td.number {
        text-align: right;
      }

      @media screen and (max-width: 720px) {
        td.number {
          text-align: left;
        }
      }
    `,
  ];

  @property({ type: Number }) disclosureId = 0;
  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private certificate: Certificate | undefined;
  @state() private notice: Notice | null = null;

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('disclosureId')) void this.#load();
  }

  async #load() {
    this.certificate = undefined;
    this.notice = null;
    try {
      this.certificate = await getCertificate(this.disclosureId);
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取发布证明', error) };
    }
  }

  override render() {
    const certificate = this.certificate;
    const committee = this.catalog?.committee.name ?? '';
    return html`
      <h2>${committee ? `${committee} ` : ''}发布证明</h2>
      <div class="row no-print">
        <a href="#/disclosures">返回公开信息</a>
        <a href="#/ledger">返回台账</a>
        <button type="button" @click=${() => window.print()} ?disabled=${!certificate}>打印</button>
      </div>
      ${renderNotice(this.notice)}
      ${certificate ? this.#renderCertificate(certificate) : this.notice ? nothing : html`<p>正在读取……</p>`}
    `;
  }

  #renderCertificate(certificate: Certificate) {
    const latest = certificate.versions[certificate.versions.length - 1];
    return html`
      <article>
        <p>
          <strong>${latest?.title ?? ''}</strong><br />
          ${itemLabelByNumber(this.catalog, certificate.catalogItem)}（${certificate.label}） ·
          ${STATUS_LABELS[certificate.status]} ·
          生成时间：${formatInstant(certificate.generatedAt)}（北京时间）
        </p>
        <h3>版本与内容哈希</h3>
        ${this.#renderVersions(certificate)}
        <h3>公示期覆盖情况</h3>
        ${
          certificate.coverage.length === 0
            ? html`<p class="hint">没有设定公示期的已通过版本，无需核对覆盖情况。</p>`
            : certificate.coverage.map((coverage) => this.#renderCoverage(coverage))
        }
        <h3>播放记录（共 ${certificate.showings.length} 次）</h3>
        ${this.#renderShowings(certificate)}
      </article>
    `;
  }

  #renderVersions(certificate: Certificate) {
    return html`
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">标题</th>
            <th scope="col">状态</th>
            <th scope="col">通过时间</th>
            <th scope="col">内容哈希（SHA-256）</th>
          </tr>
        </thead>
        <tbody>
          ${certificate.versions.map(
            (version) => html`
              <tr>
                <td data-label="版本">第 ${version.version} 版</td>
                <td data-label="标题">${version.title}</td>
                <td data-label="状态">${REVIEW_LABELS[version.state]}</td>
                <td data-label="通过时间">${formatInstant(version.approvedAt)}</td>
                <td data-label="内容哈希" class="hash">${version.contentHash}</td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    `;
  }

  #renderCoverage(coverage: CertificateCoverage) {
    const period = `${formatInstant(coverage.from)} 至 ${formatInstant(coverage.until)}`;
    const progress = coverage.complete ? '公示期已结束' : '公示期未结束，统计到今天';
    return html`
      <div class="keep-together">
        <p>
          第 ${coverage.version} 版 · 公示期（北京时间）：${period} · 共 ${coverage.days.length} 天
          · ${progress}
        </p>
        ${
          coverage.screens.length === 0
            ? html`<p><strong>没有任何屏幕在公示期内显示过这一版。</strong></p>`
            : html`<table class="stack">
                <thead>
                  <tr>
                    <th scope="col">屏幕</th>
                    <th scope="col">覆盖</th>
                    <th scope="col">缺少的日期</th>
                  </tr>
                </thead>
                <tbody>
                  ${coverage.screens.map((screen) => this.#renderScreenCoverage(screen, coverage))}
                </tbody>
              </table>`
        }
      </div>
    `;
  }

  #renderScreenCoverage(screen: CertificateScreenCoverage, coverage: CertificateCoverage) {
    const summary = screen.covered
      ? `已覆盖：${screen.daysShown} 天全部显示`
      : `未完全覆盖：显示 ${screen.daysShown} / ${coverage.days.length} 天`;
    return html`
      <tr>
        <td data-label="屏幕">${screen.screenName}</td>
        <td data-label="覆盖"><strong>${summary}</strong></td>
        <td data-label="缺少的日期">
          ${
            screen.missed.length === 0
              ? '无'
              : html`<ul class="missed">
                  ${screen.missed.map(
                    (day) => html`<li>${day.date}：${MISSED_REASONS[day.reason]}</li>`,
                  )}
                </ul>`
          }
        </td>
      </tr>
    `;
  }

  #renderShowings(certificate: Certificate) {
    if (certificate.showings.length === 0) return html`<p>还没有屏幕显示过这条公开信息。</p>`;

    return html`
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">屏幕</th>
            <th scope="col">版本</th>
            <th scope="col">开始</th>
            <th scope="col">结束</th>
            <th scope="col">秒数</th>
            <th scope="col">备注</th>
            <th scope="col">内容哈希</th>
          </tr>
        </thead>
        <tbody>
          ${certificate.showings.map((showing) => {
            const remarks = [showing.interrupted ? '中途中断' : '', showing.flag ?? '']
              .filter((text) => text.length > 0)
              .join('；');
            return html`
              <tr>
                <td data-label="屏幕">${showing.screenName}</td>
                <td data-label="版本">第 ${showing.version} 版</td>
                <td data-label="开始">${formatInstant(showing.startedAt)}</td>
                <td data-label="结束">${formatInstant(showing.endedAt)}</td>
                <td data-label="秒数" class="number">${showing.seconds}</td>
                <td data-label="备注">${remarks || '—'}</td>
                <td data-label="内容哈希" class="hash">${showing.contentHash}</td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-certificate-view': CertificateView;
  }
}
