/** Chinese labels for screen orientation and channel (公开渠道 kinds a screen can stand for). */
import type { Orientation, ScreenChannel } from './api-types.ts';

export const ORIENTATION_LABELS: Record<Orientation, string> = {
  landscape: '横屏',
  portrait: '竖屏',
};

export const CHANNEL_LABELS: Record<ScreenChannel, string> = {
  'e-screen': '电子屏',
  stairwell: '楼道',
  'notice-board': '公开栏',
};

export function channelName(key: string): string {
  return CHANNEL_LABELS[key as ScreenChannel] ?? key;
}
