/** The ledger as CSV for an inspector: one row per piece of information and channel. */
import type { computeLedger } from './ledger.ts';
import { STATUS_LABELS } from './ledger.ts';
import { csvCell } from './publication-log.ts';

type Ledger = Awaited<ReturnType<typeof computeLedger>>;

const HEADER = [
  '序号',
  '类别',
  '事项',
  '公开时限',
  '公开信息',
  '形成或变更日期',
  '截止日期',
  '渠道',
  '状态',
  '公开日期',
  '证据',
  '备注',
];

export function writeLedgerCsv(ledger: Ledger): string {
  const lines = [HEADER.map(csvCell).join(',')];
  for (const item of ledger.items) {
    const matter = `${item.matterFirst} / ${item.matterSecond}`;
    if (item.obligations.length === 0 && item.firstNotices.length === 0) {
      lines.push(
        [
          item.number,
          item.category,
          matter,
          item.rule,
          '',
          '',
          '',
          '',
          STATUS_LABELS[item.status],
          '',
          '',
          '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
    for (const obligation of item.obligations) {
      for (const channel of obligation.channels) {
        const notes = [
          obligation.formedOnAssumed ? '形成日期未填写，按创建日期计算' : '',
          obligation.estimate ? `截止日期为估算：${obligation.estimateReason}` : '',
          'dueInWorkingDays' in channel ? `剩余 ${channel.dueInWorkingDays} 个工作日` : '',
          'overdueWorkingDays' in channel ? `逾期 ${channel.overdueWorkingDays} 个工作日` : '',
        ].filter(Boolean);
        const evidence =
          'source' in channel ? (channel.source === 'screen' ? '屏幕发布记录' : '人工登记') : '';
        lines.push(
          [
            item.number,
            item.category,
            matter,
            item.rule,
            obligation.title,
            obligation.formedOn,
            obligation.deadline,
            channel.label,
            STATUS_LABELS[channel.status],
            'publishedOn' in channel ? (channel.publishedOn ?? '') : '',
            evidence,
            notes.join('；'),
          ]
            .map(csvCell)
            .join(','),
        );
      }
    }
    for (const notice of item.firstNotices) {
      lines.push(
        [
          item.number,
          item.category,
          matter,
          '居民告知书：2 小时内',
          notice.title,
          notice.eventAt,
          notice.dueAt,
          '电子屏',
          STATUS_LABELS[notice.status],
          notice.firstShownAt ?? '',
          '屏幕确认记录',
          '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
