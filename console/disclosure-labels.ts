/** Chinese labels for disclosure and review states. */
import type { DisclosureStatus, ReviewState } from './api-types.ts';

export const STATUS_LABELS: Record<DisclosureStatus, string> = {
  draft: '未发布',
  published: '已发布',
  withdrawn: '已撤回',
};

export const REVIEW_LABELS: Record<ReviewState, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  returned: '已退回',
};
