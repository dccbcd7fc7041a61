/**
 * The full-screen pairing page of an unpaired display: the six-digit code in large digits, where
 * staff enter it, and the server address. It must be readable from about 3 m, so the code is at
 * least 160 px high and every other line at least 40 px (about 25 mm on a 55-inch 1080p panel).
 */
import { css, html, type TemplateResult } from 'lit';
import { formatTimeText } from './clock-text.ts';
import type { PairingState } from './pairing-client.ts';
import { screenHeader, type ScreenFrame } from './slide-templates.ts';

export const pairingStyles = css`
  .pairing {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
    justify-content: center;
    align-items: center;
    text-align: center;
    gap: calc(var(--gk-u) * 36);
    padding: calc(var(--gk-u) * 48) calc(var(--gk-u) * 64);
  }

  .pairing-title {
    font-size: max(56px, calc(var(--gk-u) * 72));
    font-weight: 700;
    line-height: 1.3;
  }

  .pairing-code {
    font-size: max(160px, calc(var(--gk-u) * 220));
    font-weight: 700;
    line-height: 1.1;
    letter-spacing: 0.06em;
    font-variant-numeric: tabular-nums;
    color: #143a63;
    padding: 0 0.3em;
    border: 6px solid #143a63;
    border-radius: 16px;
    background: #ffffff;
    white-space: nowrap;
  }

  .pairing-code.pending {
    color: #5b5b5b;
    border-color: #5b5b5b;
  }

  .pairing-step {
    font-size: max(44px, calc(var(--gk-u) * 52));
    font-weight: 700;
    line-height: 1.4;
  }

  .pairing-address {
    font-size: max(40px, calc(var(--gk-u) * 44));
    line-height: 1.4;
  }

  .pairing-address span {
    font-weight: 700;
    overflow-wrap: anywhere;
  }

  .pairing-status {
    font-size: max(40px, calc(var(--gk-u) * 40));
    line-height: 1.4;
    color: #3a3a3a;
  }

  .pairing-status.problem {
    color: #8a1f1f;
    font-weight: 700;
  }
`;

/** Group a six-digit code as `123 456`, for reading aloud and typing. */
export function groupCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

/** Render the pairing page; `serverAddress` is the origin staff can check against the console's. */
export function pairingPage(
  frame: ScreenFrame,
  state: PairingState,
  serverAddress: string,
): TemplateResult {
  const code = state.phase === 'waiting' ? groupCode(state.code) : '--- ---';
  const status = pairingStatus(state);

  return html`<div class="screen ${frame.orientation}">
    ${screenHeader(frame)}
    <div class="pairing">
      <div class="pairing-title">屏幕配对</div>
      <div class="pairing-code ${state.phase === 'waiting' ? '' : 'pending'}" aria-label="配对码">
        ${code}
      </div>
      <div class="pairing-step">请工作人员在管理控制台「屏幕」页输入此配对码</div>
      <div class="pairing-address">服务器地址：<span>${serverAddress}</span></div>
      <div class="pairing-status ${status.problem ? 'problem' : ''}">${status.text}</div>
    </div>
  </div>`;
}

function pairingStatus(state: PairingState): { text: string; problem: boolean } {
  switch (state.phase) {
    case 'requesting':
      return { text: '正在获取配对码……', problem: false };
    case 'waiting':
      return state.reachable
        ? {
            text: `配对码 ${formatTimeText(state.expiresAt)} 前有效，过期后自动更换。配对后自动开始播放。`,
            problem: false,
          }
        : { text: '暂时无法连接服务器，正在重试。', problem: true };
    case 'unreachable':
      return { text: '无法连接服务器，几秒后自动重试。请检查网络。', problem: true };
    case 'rate-limited':
      return {
        text: `获取配对码过于频繁，${formatTimeText(state.retryAt)} 自动重新获取。`,
        problem: true,
      };
  }
}
