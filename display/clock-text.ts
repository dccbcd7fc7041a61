/** The header clock in Chinese, read in Asia/Shanghai whatever the kiosk's own time zone. */
import { shanghaiParts } from '../shared/shanghai-time.ts';

const WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** Format an instant as `2026年12月4日 星期五 15:30`. */
export function formatClockText(instant: number): string {
  return `${formatDateText(instant)} ${formatTimeText(instant)}`;
}

/** Format an instant as `2026年12月4日 星期五`. */
export function formatDateText(instant: number): string {
  const p = shanghaiParts(instant);
  return `${p.year}年${p.month}月${p.day}日 ${WEEKDAYS[p.weekday - 1]}`;
}

/** Format an instant as `15:30`. */
export function formatTimeText(instant: number): string {
  const p = shanghaiParts(instant);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}
