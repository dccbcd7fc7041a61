/** Chinese labels for disclosure states. */
import type { DisclosureStatus } from './api-types.ts';

export const STATUS_LABELS: Record<DisclosureStatus, string> = {
  draft: '草稿',
  published: '已发布',
  withdrawn: '已撤回',
};
