/**
 * Styles of a whole screen: header band, slide and fallback. Sizes derive from custom properties
 * set in pixels on an ancestor: `--gk-w` and `--gk-h` (screen size) and `--gk-u` (the short side
 * divided by 1080), so that a preview at any size lays out exactly like the kiosk.
 *
 * Legibility at 3 m for older readers: body text at least 40 px (about 25 mm on a 55-inch 1080p
 * panel), line height 1.6, near-black on off-white (about 16:1) and white on dark blue (about 12:1).
 * The ticker band is white on dark red (about 10.9:1) with a white tag in the same red.
 */
import { css } from 'lit';

export const screenStyles = css`
  .screen {
    box-sizing: border-box;
    width: var(--gk-w);
    height: var(--gk-h);
    display: flex;
    flex-direction: column;
    overflow: hidden;
    background: #fbf9f4;
    color: #1b1b1b;
    font-family:
      'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei',
      sans-serif;
    font-size: max(40px, calc(var(--gk-u) * 40));
    line-height: 1.6;
    overflow-wrap: anywhere;
    user-select: none;
    cursor: none;
  }

  .bar {
    flex: none;
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--gk-u) * 32);
    padding: calc(var(--gk-u) * 20) calc(var(--gk-u) * 56);
    background: #143a63;
    color: #ffffff;
    line-height: 1.3;
  }

  .portrait .bar {
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--gk-u) * 4);
  }

  .committee {
    font-size: max(40px, calc(var(--gk-u) * 48));
    font-weight: 700;
    letter-spacing: 0.05em;
  }

  .clock {
    font-size: max(40px, calc(var(--gk-u) * 44));
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .slide {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
    padding: calc(var(--gk-u) * 36) calc(var(--gk-u) * 64) calc(var(--gk-u) * 48);
  }

  .portrait .slide {
    padding: calc(var(--gk-u) * 40) calc(var(--gk-u) * 52) calc(var(--gk-u) * 52);
  }

  /* The QR code sits in the bottom right corner. The body keeps clear of it on every page, in a
     column beside it in landscape and in a band above it in portrait. */
  .slide.has-qr {
    --gk-qr: max(160px, calc(var(--gk-u) * 200));
    position: relative;
  }

  .slide.has-qr .body {
    margin-right: calc(var(--gk-qr) + var(--gk-u) * 40);
  }

  .portrait .slide.has-qr .body {
    margin-right: 0;
    margin-bottom: calc(var(--gk-qr) * 1.3 + var(--gk-u) * 24);
  }

  .qr {
    position: absolute;
    right: calc(var(--gk-u) * 64);
    bottom: calc(var(--gk-u) * 48);
    width: var(--gk-qr);
    margin: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--gk-qr) * 0.04);
  }

  .portrait .qr {
    right: calc(var(--gk-u) * 52);
    bottom: calc(var(--gk-u) * 52);
  }

  .qr[hidden] {
    display: none;
  }

  .qr img {
    width: var(--gk-qr);
    height: var(--gk-qr);
    background: #ffffff;
  }

  .qr figcaption {
    font-size: calc(var(--gk-qr) * 0.16);
    font-weight: 700;
    line-height: 1.3;
    white-space: nowrap;
  }

  .meta {
    flex: none;
    display: flex;
    align-items: baseline;
    gap: calc(var(--gk-u) * 24);
    line-height: 1.4;
    padding-bottom: calc(var(--gk-u) * 16);
  }

  .label {
    flex: 0 1 auto;
    min-width: 0;
    color: #8a1f1f;
    font-weight: 700;
  }

  .sample {
    flex: none;
    font-size: max(30px, calc(var(--gk-u) * 30));
    border: 3px solid currentColor;
    border-radius: 6px;
    padding: 0 0.4em;
  }

  .pager {
    flex: none;
    margin-left: auto;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }

  .pager.single {
    visibility: hidden;
  }

  .running-title {
    flex: none;
    font-weight: 700;
    font-size: max(44px, calc(var(--gk-u) * 48));
    line-height: 1.4;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    padding-bottom: calc(var(--gk-u) * 16);
    border-bottom: 3px solid #143a63;
    margin-bottom: calc(var(--gk-u) * 24);
  }

  .body {
    flex: 1;
    min-height: 0;
    overflow: hidden;
  }

  .flow {
    display: flex;
    flex-direction: column;
    gap: calc(var(--gk-u) * 24);
  }

  .flow > * {
    flex: none;
    margin: 0;
  }

  .title {
    font-size: max(56px, calc(var(--gk-u) * 64));
    font-weight: 700;
    line-height: 1.35;
    white-space: pre-wrap;
  }

  .heading {
    font-size: max(44px, calc(var(--gk-u) * 48));
    font-weight: 700;
    line-height: 1.4;
    white-space: pre-wrap;
  }

  .paragraph,
  .item-text,
  td {
    white-space: pre-wrap;
  }

  strong {
    font-weight: 700;
  }

  .list {
    display: flex;
    flex-direction: column;
    gap: calc(var(--gk-u) * 8);
  }

  .item {
    display: grid;
    grid-template-columns: 1.6em 1fr;
  }

  .marker {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }

  .ordered .item {
    grid-template-columns: 2.2em 1fr;
  }

  table {
    width: 100%;
    border-collapse: collapse;
    line-height: 1.45;
  }

  th,
  td {
    border: 2px solid #5b5b5b;
    padding: calc(var(--gk-u) * 6) calc(var(--gk-u) * 14);
    text-align: left;
    vertical-align: top;
  }

  th {
    background: #e6e1d6;
    font-weight: 700;
  }

  .figure {
    display: flex;
    justify-content: center;
    height: calc(var(--gk-h) * 0.36);
  }

  .portrait .figure {
    height: calc(var(--gk-h) * 0.28);
  }

  .figure img {
    max-width: 100%;
    height: 100%;
    object-fit: contain;
  }

  .fallback {
    flex: 1;
    display: flex;
    flex-direction: column;
    justify-content: center;
    gap: calc(var(--gk-u) * 40);
    padding: calc(var(--gk-u) * 64);
  }

  .fallback-name {
    font-size: max(64px, calc(var(--gk-u) * 96));
    font-weight: 700;
    line-height: 1.3;
  }

  .fallback-time {
    font-size: max(56px, calc(var(--gk-u) * 72));
    font-variant-numeric: tabular-nums;
    line-height: 1.3;
  }

  .fallback-facts {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 1em;
    row-gap: calc(var(--gk-u) * 16);
    font-size: max(40px, calc(var(--gk-u) * 44));
    margin: 0;
  }

  .fallback-facts dt {
    font-weight: 700;
  }

  .fallback-facts dd {
    margin: 0;
    white-space: pre-wrap;
  }

  .notice {
    flex: 1;
    display: flex;
    flex-direction: column;
    justify-content: center;
    align-items: center;
    text-align: center;
    gap: calc(var(--gk-u) * 40);
    padding: calc(var(--gk-u) * 80);
  }

  .notice-title {
    font-size: max(56px, calc(var(--gk-u) * 72));
    font-weight: 700;
    line-height: 1.3;
  }

  .ticker {
    flex: none;
    display: flex;
    align-items: center;
    gap: calc(var(--gk-u) * 24);
    padding: calc(var(--gk-u) * 8) calc(var(--gk-u) * 56);
    background: #7a1212;
    color: #ffffff;
    font-size: max(40px, calc(var(--gk-u) * 40));
    line-height: 1.4;
  }

  .ticker-tag {
    flex: none;
    padding: 0 0.35em;
    border-radius: 6px;
    background: #ffffff;
    color: #7a1212;
    font-weight: 700;
  }

  .ticker-window {
    flex: 1;
    min-width: 0;
    overflow: hidden;
  }

  /* Enters at the right edge (the padding is the window's width) and leaves at the left. */
  .ticker.scroll .ticker-text {
    display: inline-block;
    padding-left: 100%;
    white-space: nowrap;
    animation: gk-ticker var(--gk-ticker-seconds, 20s) linear infinite;
  }

  /* NOTE: a still band longer than two lines is cut off with an ellipsis. */
  .ticker.still .ticker-text {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
  }

  @keyframes gk-ticker {
    from {
      transform: translateX(0);
    }
    to {
      transform: translateX(-100%);
    }
  }
`;
