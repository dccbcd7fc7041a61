/**
 * `<gk-disclosure-detail>`: one disclosure's review state, the reviewer's comment, the actions the
 * user's role allows (提交审核, 通过并发布, 退回 with a comment, 撤回), a link to its 发布证明, its
 * version history and a preview of the working version. Fires `disclosure-changed` after an action and `edit-disclosure`.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SlideContent } from '../shared/protocol.ts';
import { disclosureAction, getDisclosure, type DisclosureAction } from './api.ts';
import type { Catalog, DisclosureDetail, ReviewState, User, Version } from './api-types.ts';
import { itemLabelByNumber } from './catalog-labels.ts';
import { REVIEW_LABELS, STATUS_LABELS } from './disclosure-labels.ts';
import { displayWindowOf } from './disclosure-form.ts';
import { describeError } from './error-text.ts';
import { renderNotice, type Notice } from './notice.ts';
import { can } from './roles.ts';
import { formatInstant } from './shanghai-input.ts';
import './slide-preview.ts';
import { baseStyles } from './styles.ts';

const ACTION_LABELS: Record<DisclosureAction, string> = {
  submit: '提交审核',
  approve: '通过并发布',
  return: '退回',
  withdraw: '撤回',
  publish: '发布',
};

export function reviewOf(disclosure: { review?: ReviewState; status: string }): ReviewState {
  return disclosure.review ?? (disclosure.status === 'published' ? 'approved' : 'draft');
}

@customElement('gk-disclosure-detail')
export class DisclosureDetailView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .state {
        font-size: 1.05rem;
      }

      textarea {
        min-height: 4rem;
      }

      .preview {
        max-width: 40rem;
      }
    `,
  ];

  @property({ type: Number }) disclosureId = 0;
  @property({ attribute: false }) user: User | undefined;
  @property({ attribute: false }) catalog: Catalog | undefined;

  @state() private disclosure: DisclosureDetail | undefined;
  @state() private notice: Notice | null = null;
  @state() private busy = false;
  @state() private comment = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  async load() {
    try {
      this.disclosure = await getDisclosure(this.disclosureId);
    } catch (error) {
      this.notice = { kind: 'error', text: describeError('读取公开信息', error) };
    }
  }

  override render() {
    const disclosure = this.disclosure;
    if (!disclosure) {
      return html`<section class="panel">
        ${renderNotice(this.notice)}
        <p>正在读取……</p>
      </section>`;
    }

    const review = reviewOf(disclosure);
    const latest = disclosure.latest;
    return html`
      <section class="panel" aria-labelledby="detail-heading">
        <h3 id="detail-heading">${latest.title}</h3>
        <p>
          ${itemLabelByNumber(this.catalog, disclosure.catalogItem)}（${disclosure.label}）
          ${disclosure.authorName ? html` · 作者：${disclosure.authorName}` : ''}
        </p>
        <p class="state">
          <span class="status-${disclosure.status}">${STATUS_LABELS[disclosure.status]}</span>
          ·
          <span class="review-${review}">第 ${latest.version} 版${REVIEW_LABELS[review]}</span>
          ${
            disclosure.published && disclosure.published.version !== latest.version
              ? html` · 屏幕上显示的是已发布的第 ${disclosure.published.version}
                版，新版本通过审核后才替换。`
              : ''
          }
        </p>
        ${
          disclosure.reviewComment
            ? html`<p class="notice warn">审核意见：${disclosure.reviewComment}</p>`
            : ''
        }
        ${renderNotice(this.notice)} ${this.#renderActions(review)}
        <h4>版本记录</h4>
        ${this.#renderVersions(disclosure.versions)}
        <h4>第 ${latest.version} 版预览</h4>
        <div class="preview">
          <gk-slide-preview
            .content=${this.#content(disclosure, latest)}
            committee-name=${this.catalog?.committee.name ?? ''}
          ></gk-slide-preview>
        </div>
      </section>
    `;
  }

  #renderDates(version: Version) {
    const window = displayWindowOf(version);
    const period =
      window.from || window.until
        ? `${window.from ? formatInstant(window.from) : '发布起'} 至 ${
            window.until ? formatInstant(window.until) : '撤回为止'
          }`
        : '未设定（发布后一直显示，直到撤回）';
    return html`<p class="hint">
      信息形成日期：${version.formedOn ?? '未填'} · 公示期（北京时间）：${period}
    </p>`;
  }

  #renderActions(review: ReviewState) {
    const disclosure = this.disclosure!;
    const user = this.user;
    const writer = can(user, 'write');
    const reviewer = can(user, 'review');
    const submitted = review === 'submitted';
    return html`
      <div class="row">
        ${
          writer
            ? html`<button type="button" ?disabled=${this.busy} @click=${this.#edit}>编辑</button>`
            : ''
        }
        <button type="button" @click=${this.#openCertificate}>发布证明</button>
        ${
          writer && (review === 'draft' || review === 'returned')
            ? html`<button
                type="button"
                class="primary"
                ?disabled=${this.busy}
                @click=${() => this.#run('submit')}
              >
                提交审核
              </button>`
            : ''
        }
        ${
          reviewer && submitted
            ? html`<button
                type="button"
                class="primary"
                ?disabled=${this.busy}
                @click=${() => this.#run('approve')}
              >
                通过并发布
              </button>`
            : ''
        }
        ${
          reviewer && disclosure.status === 'published'
            ? html`<button
                type="button"
                class="danger"
                ?disabled=${this.busy}
                @click=${this.#withdraw}
              >
                撤回
              </button>`
            : ''
        }
      </div>
      ${
        reviewer && submitted
          ? html`<div class="return-box">
              <label class="field">
                <span>退回意见（退回时必填）</span>
                <textarea
                  name="comment"
                  .value=${this.comment}
                  @input=${(event: Event) =>
                    (this.comment = (event.target as HTMLTextAreaElement).value)}
                ></textarea>
              </label>
              <button type="button" ?disabled=${this.busy} @click=${this.#return}>退回</button>
            </div>`
          : ''
      }
      ${!writer && !reviewer ? html`<p class="hint">您的角色只能查看。</p>` : ''}
    `;
  }

  #renderVersions(versions: Version[]) {
    const sorted = [...versions].sort((a, b) => b.version - a.version);
    return html`
      <table class="stack versions">
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">状态</th>
            <th scope="col">标题</th>
            <th scope="col">作者</th>
            <th scope="col">审核人</th>
            <th scope="col">审核意见</th>
            <th scope="col">保存时间</th>
            <th scope="col">审核时间</th>
          </tr>
        </thead>
        <tbody>
          ${sorted.map(
            (version) =>
              html`<tr>
                <td data-label="版本">第 ${version.version} 版</td>
                <td data-label="状态">${version.state ? REVIEW_LABELS[version.state] : '—'}</td>
                <td data-label="标题">${version.title}</td>
                <td data-label="作者">${version.authorName ?? '—'}</td>
                <td data-label="审核人">${version.reviewerName ?? '—'}</td>
                <td data-label="审核意见">${version.reviewComment ?? '—'}</td>
                <td data-label="保存时间">${formatInstant(version.createdAt)}</td>
                <td data-label="审核时间">${formatInstant(version.reviewedAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  #content(disclosure: DisclosureDetail, version: Version): SlideContent {
    return {
      disclosureId: disclosure.id,
      versionId: version.id,
      version: version.version,
      title: version.title,
      label: disclosure.label,
      catalogItem: disclosure.catalogItem,
      body: version.body,
      images: version.images,
      contentHash: version.contentHash,
      sample: disclosure.sample,
    };
  }

  #edit() {
    this.dispatchEvent(
      new CustomEvent('edit-disclosure', {
        detail: this.disclosureId,
        bubbles: true,
        composed: true,
      }),
    );
  }

  #openCertificate() {
    location.hash = `#/certificate/${this.disclosureId}`;
  }

  #withdraw() {
    const title = this.disclosure?.latest.title ?? '';
    const question = `撤回后，所有屏幕将停止显示「${title}」。确定撤回吗？`;
    if (window.confirm(question)) void this.#run('withdraw');
  }

  #return() {
    const comment = this.comment.trim();
    if (!comment) {
      this.notice = { kind: 'error', text: '退回时请写明退回意见，告诉作者需要修改什么。' };
      return;
    }
    void this.#run('return', comment);
  }

  async #run(action: DisclosureAction, comment?: string) {
    this.busy = true;
    this.notice = null;
    try {
      await disclosureAction(this.disclosureId, action, comment);
      this.comment = '';
      this.notice = { kind: 'ok', text: `已${ACTION_LABELS[action]}。` };
      await this.load();
      this.dispatchEvent(new CustomEvent('disclosure-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.notice = { kind: 'error', text: describeError(ACTION_LABELS[action], error) };
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gk-disclosure-detail': DisclosureDetailView;
  }
  interface HTMLElementEventMap {
    'disclosure-changed': CustomEvent<void>;
    'edit-disclosure': CustomEvent<number>;
  }
}
