/**
 * Ledger statuses as text, so that no status depends on colour alone: 「已逾期 3 个工作日」,
 * 「剩余 5 个工作日」, with where the evidence came from (屏幕记录 or 人工登记).
 */
import type {
  LedgerChannelStatus,
  LedgerFirstNotice,
  LedgerItem,
  LedgerStatus,
} from './api-types.ts';

export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  overdue: '已逾期',
  due: '待公开',
  late: '逾期公开',
  'on-time': '按时公开',
  'not-due': '无待公开事项',
};

export const EVIDENCE_SOURCE_LABELS = { screen: '屏幕记录', record: '人工登记' } as const;

function remaining(days: number): string {
  return days <= 0 ? '今天截止' : `剩余 ${days} 个工作日`;
}

/** Describe one channel of one piece of information, such as 「按时公开 · 2026-09-17 · 屏幕记录」. */
export function channelStatusText(channel: LedgerChannelStatus): string {
  switch (channel.status) {
    case 'overdue':
      return `已逾期 ${channel.overdueWorkingDays ?? 0} 个工作日`;
    case 'due':
      return `待公开，${remaining(channel.dueInWorkingDays ?? 0)}`;
    case 'on-time':
    case 'late': {
      const source = channel.source ? ` · ${EVIDENCE_SOURCE_LABELS[channel.source]}` : '';
      return `${LEDGER_STATUS_LABELS[channel.status]} · ${channel.publishedOn ?? '—'}${source}`;
    }
    case 'not-due':
      return LEDGER_STATUS_LABELS['not-due'];
  }
}

/** Describe a catalog item's status: the worst of its channels, with the max overdue days. */
export function itemStatusText(item: LedgerItem): string {
  if (item.status === 'overdue') {
    const days = item.obligations
      .flatMap((obligation) => obligation.channels)
      .map((channel) => channel.overdueWorkingDays ?? 0);
    const maxDays = Math.max(0, ...days);
    return maxDays > 0 ? `已逾期 ${maxDays} 个工作日` : '已逾期';
  }
  if (item.status === 'due' && item.dueInWorkingDays !== null) {
    return `待公开，${remaining(item.dueInWorkingDays)}`;
  }
  return LEDGER_STATUS_LABELS[item.status];
}

/** Describe item 17's first notice against its 2-hour limit. */
export function firstNoticeStatusText(notice: LedgerFirstNotice): string {
  switch (notice.status) {
    case 'overdue':
      return '已逾期（超过事件发生后 2 小时仍未显示）';
    case 'due':
      return '待公开（须在事件发生后 2 小时内显示）';
    case 'late':
      return '逾期公开（超过 2 小时才显示）';
    default:
      return LEDGER_STATUS_LABELS[notice.status];
  }
}
