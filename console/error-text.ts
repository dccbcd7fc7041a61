/** Chinese wording for API failures, so that staff see what failed, on which field and why. */
import { ApiRequestError } from './api.ts';

const FIELD_LABELS: Record<string, string> = {
  catalogItem: '目录事项',
  title: '标题',
  body: '正文',
  formedOn: '形成日期',
  images: '图片',
  name: '名称',
  location: '位置',
  orientation: '方向',
  channel: '渠道',
  disclosureId: '公开信息',
  seconds: '显示秒数',
  from: '开始时间',
  until: '结束时间',
  dayparts: '时段',
  priority: '优先级',
  screen: '屏幕',
  to: '结束日期',
  item: '目录事项',
  target: '显示内容',
  disclosure: '公开信息',
  displayFrom: '公示开始',
  displayUntil: '公示结束',
  password: '密码',
  next: '新密码',
  current: '当前密码',
  code: '配对码',
  comment: '退回意见',
  text: '字幕内容',
  eventAt: '事件发生时间',
  officeHours: '办公时间',
  contact: '联系方式',
  address: '地址',
  publicUrl: '公开网址',
  publishedOn: '公开日期',
  evidenceUrl: '证据链接',
  evidenceImageId: '证据照片',
  note: '备注',
  promptlyDays: '及时公开默认工作日数',
  promptlyOverrides: '按事项设定的工作日数',
};

const CODE_LABELS: Record<string, string> = {
  network: '无法连接服务器',
  invalid_response: '服务器返回的内容无法识别',
  invalid_request: '输入有误',
  invalid_json: '请求格式有误',
  not_found: '未找到',
  conflict: '与现有数据冲突',
  payload_too_large: '内容过大',
  unsupported_media_type: '不支持的文件类型',
  forbidden: '无权操作',
  unauthorized: '未登录',
  internal_error: '服务器内部错误',
  invalid_credentials: '用户名或密码错误',
  too_many_attempts: '尝试次数过多',
  same_person: '审核人不能是作者本人',
  invalid_code: '配对码错误或已过期',
};

/**
 * Name an API field in Chinese next to its raw path, which support staff can search for:
 * `entries[1].seconds` becomes `entries[1].seconds（第 2 行 · 显示秒数）`.
 */
export function describeField(field: string): string {
  const row = /^entries\[(\d+)\]\.?([^.[]*)/.exec(field);
  if (row) {
    const name = FIELD_LABELS[row[2] ?? ''];
    const position = `第 ${Number(row[1]) + 1} 行`;
    return `${field}（${name ? `${position} · ${name}` : position}）`;
  }

  const name = FIELD_LABELS[field];
  return name ? `${field}（${name}）` : field;
}

/** Build the message shown when `action` (such as 保存) failed, with the server's message and field. */
export function describeError(action: string, error: unknown): string {
  if (!(error instanceof ApiRequestError)) {
    return `${action}失败：${error instanceof Error ? error.message : String(error)}`;
  }

  const reason = CODE_LABELS[error.code] ?? `错误 ${error.status}`;
  if (error.field) {
    return `${action}失败：字段 ${describeField(error.field)}：${error.message}`;
  }
  return `${action}失败：${reason}：${error.message}`;
}
