/**
 * Disclosure catalog files (公开标准目录): the zod schema, the types and `parseCatalog`, which adds
 * the checks that span fields and reports the first problem as a `CatalogError`.
 *
 * File format `gongkai-catalog/1` (JSON, one committee per file):
 *
 * ```
 * { "format": "gongkai-catalog/1",
 *   "committee": { "key": "zhonglou", "name": "钟楼居民委员会", "town": "朱泾镇",
 *                  "district": "金山区", "city": "上海市" },
 *   "title": "钟楼居委会公开标准目录",
 *   "channels": [ { "key": "e-screen", "label": "电子屏", "kind": "screen" }, ... ],
 *   "items": [ { "number": 1, "category": "综合居务", "matterFirst": "居民自治",
 *                "matterSecond": "居民区简介", "elements": ["居委会名称", ...],
 *                "basis": "《中华人民共和国城市居民委员会组织法》",
 *                "timeLimit": { "kind": "working-days", "days": 20, "from": "formed-or-changed",
 *                               "text": "自信息形成或者变更之日起20个工作日内及时公开" },
 *                "subject": "钟楼居民委员会", "channels": ["tv-channel", "wechat-account"] } ] }
 * ```
 *
 * - `committee.key` and channel keys are lowercase ASCII words joined by hyphens. They are stable
 *   identifiers: the database and screens refer to them, so renaming a label never renames a key.
 * - Channel `kind`: `screen` (电子屏), `board` (公开栏, 宣传栏, 楼道), `online` (公众号),
 *   `push` (微信群推送, 精准推送) or `broadcast` (a TV channel).
 * - `items` are numbered 1 to N in file order (序号). `category` is 类别, and `matterFirst` and
 *   `matterSecond` are 一级事项 and 二级事项. `elements` are 公开内容（要素） in order, without their
 *   "1、" prefixes, and a single element is a one-element list. `basis` is 公开依据, `subject` is
 *   公开主体, and `channels` lists 公开渠道 as keys of the file's `channels`.
 * - `timeLimit` (公开时限) has a `kind` and always keeps the catalog's wording in `text`:
 *   `working-days` {days, from: "formed-or-changed", text}: within N working days after the day
 *   the information is formed or changed. `promptly` {text, firstNotice?}: 及时公开, where
 *   `firstNotice` {withinHours, element} sets a stricter deadline for one element. Its `element`
 *   is the start of one of the item's elements, e.g. "居民告知书" for "居民告知书（不迟于2个小时）".
 *   `periodic` {every: "month" | "quarter" | "year", text}, such as 每季度公布一次.
 *   `standing` {text}: 长期公开，发生变更及时更新.
 * - Text is transcribed as one line: no line breaks, no leading or trailing whitespace, and no
 *   whitespace next to a Chinese character or Chinese punctuation (PDF extraction adds such spaces).
 * - Unknown keys are rejected, so a misspelt field name fails instead of being dropped.
 */
import { z } from 'zod';

export const CATALOG_FORMAT = 'gongkai-catalog/1';

export const MAX_CATALOG_ITEMS = 500;
export const MAX_ELEMENTS_PER_ITEM = 100;
const MAX_TEXT_LENGTH = 2_000;

/** CJK ideographs, CJK and full-width punctuation (、，。《》（）：…). */
const CJK = '[\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF]';
const SPACE_NEXT_TO_CJK = new RegExp(`\\s+${CJK}|${CJK}\\s+`, 'u');
const LINE_BREAK = /[\r\n\u2028\u2029]/;
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;
const LIST_NUMBER_PREFIX = /^\d+\s*[、.．,，)）]/;

/** One line of catalog text, checked for the artefacts of copying from a PDF table. */
const catalogText = z
  .string()
  .max(MAX_TEXT_LENGTH)
  .superRefine((value, context) => {
    const problem = findTextProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

function findTextProblem(value: string): string | undefined {
  if (value.trim() === '') return 'empty text. Fill in the value from the catalog';

  if (LINE_BREAK.test(value)) {
    return `contains a line break in ${JSON.stringify(value)}. Join the wrapped lines into one`;
  }

  if (CONTROL_CHARACTER.test(value)) {
    return `contains a control character in ${JSON.stringify(value)}. Remove it`;
  }

  if (value !== value.trim()) {
    return `has leading or trailing whitespace in ${JSON.stringify(value)}. Remove it`;
  }

  const space = SPACE_NEXT_TO_CJK.exec(value);
  if (space) {
    return `contains whitespace next to Chinese text at ${JSON.stringify(space[0])}. Remove it`;
  }

  return undefined;
}

const keySchema = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'invalid key. Use lowercase ASCII letters and digits joined by single hyphens, e.g. "e-screen"',
  )
  .max(64);

export const channelKindSchema = z.enum(['screen', 'board', 'online', 'push', 'broadcast']);

export const channelSchema = z.strictObject({
  key: keySchema,
  label: catalogText,
  kind: channelKindSchema,
});

export const committeeSchema = z.strictObject({
  key: keySchema,
  name: catalogText,
  town: catalogText,
  district: catalogText,
  city: catalogText,
});

export const firstNoticeSchema = z.strictObject({
  /** Hours after the event by which this element must be out. */
  withinHours: z
    .number()
    .positive()
    .max(24 * 30),
  /** The start of one of the item's elements, e.g. "居民告知书". */
  element: catalogText,
});

export const timeLimitSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('working-days'),
    days: z.number().int().min(1).max(366),
    /** The day the count starts after; that day itself is not counted. */
    from: z.enum(['formed-or-changed']),
    text: catalogText,
  }),
  z.strictObject({
    kind: z.literal('promptly'),
    text: catalogText,
    firstNotice: firstNoticeSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('periodic'),
    every: z.enum(['month', 'quarter', 'year']),
    text: catalogText,
  }),
  z.strictObject({
    kind: z.literal('standing'),
    text: catalogText,
  }),
]);

export const catalogItemSchema = z.strictObject({
  number: z.number().int().min(1).max(MAX_CATALOG_ITEMS),
  category: catalogText,
  matterFirst: catalogText,
  matterSecond: catalogText,
  elements: z.array(catalogText).min(1).max(MAX_ELEMENTS_PER_ITEM),
  basis: catalogText,
  timeLimit: timeLimitSchema,
  subject: catalogText,
  channels: z.array(keySchema).min(1).max(50),
});

export const catalogSchema = z.strictObject({
  format: z.literal(CATALOG_FORMAT),
  committee: committeeSchema,
  title: catalogText,
  channels: z.array(channelSchema).min(1).max(50),
  items: z.array(catalogItemSchema).min(1).max(MAX_CATALOG_ITEMS),
});

export type ChannelKind = z.infer<typeof channelKindSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type Committee = z.infer<typeof committeeSchema>;
export type FirstNotice = z.infer<typeof firstNoticeSchema>;
export type TimeLimit = z.infer<typeof timeLimitSchema>;
export type CatalogItem = z.infer<typeof catalogItemSchema>;
export type Catalog = z.infer<typeof catalogSchema>;

/**
 * The first problem found in a catalog file. `field` is relative to the item when `itemNumber` is
 * set (`channels[1]`), and a path from the top of the file otherwise (`title`, `items[4].number`).
 */
export class CatalogError extends Error {
  override name = 'CatalogError';

  constructor(
    message: string,
    readonly field: string,
    readonly itemNumber?: number,
  ) {
    super(message);
  }
}

/** Validates a parsed JSON value as a catalog file, throwing a `CatalogError` on the first problem. */
export function parseCatalog(json: unknown): Catalog {
  const result = catalogSchema.safeParse(json);
  if (!result.success) throw errorFromIssue(json, result.error.issues[0]!);

  checkChannels(result.data);
  checkItemNumbers(result.data);
  for (const item of result.data.items) checkItem(result.data, item);

  return result.data;
}

function checkChannels(catalog: Catalog): void {
  const keys = new Set<string>();
  const labels = new Set<string>();

  catalog.channels.forEach((channel, index) => {
    if (keys.has(channel.key)) {
      throw topLevelError(
        `channels[${index}].key`,
        `duplicate channel key ${JSON.stringify(channel.key)}. Give each channel its own key`,
      );
    }
    if (labels.has(channel.label)) {
      throw topLevelError(
        `channels[${index}].label`,
        `duplicate channel label ${JSON.stringify(channel.label)}. List each channel once`,
      );
    }
    keys.add(channel.key);
    labels.add(channel.label);
  });
}

function checkItemNumbers(catalog: Catalog): void {
  const positionByNumber = new Map<number, number>();

  catalog.items.forEach((item, index) => {
    const earlier = positionByNumber.get(item.number);
    if (earlier !== undefined) {
      throw itemError(
        item.number,
        'number',
        `duplicate item number ${item.number} at items[${index}], already used at items[${earlier}]. ` +
          `Number the items 1 to ${catalog.items.length} without repeats`,
      );
    }
    positionByNumber.set(item.number, index);
  });

  catalog.items.forEach((item, index) => {
    if (item.number !== index + 1) {
      throw itemError(
        item.number,
        'number',
        `item number ${item.number} at items[${index}] is out of sequence, expected ${index + 1}. ` +
          `Number the items 1 to ${catalog.items.length} in file order`,
      );
    }
  });
}

function checkItem(catalog: Catalog, item: CatalogItem): void {
  const channelKeys = catalog.channels.map((channel) => channel.key);

  item.channels.forEach((key, index) => {
    if (!channelKeys.includes(key)) {
      throw itemError(
        item.number,
        `channels[${index}]`,
        `unknown channel ${JSON.stringify(key)}. Use one of the keys in "channels": ` +
          channelKeys.join(', '),
      );
    }
    if (item.channels.indexOf(key) !== index) {
      throw itemError(
        item.number,
        `channels[${index}]`,
        `channel ${JSON.stringify(key)} is listed twice. Remove the repeat`,
      );
    }
  });

  item.elements.forEach((element, index) => {
    const prefix = LIST_NUMBER_PREFIX.exec(element);
    if (prefix) {
      throw itemError(
        item.number,
        `elements[${index}]`,
        `element starts with the list number ${JSON.stringify(prefix[0])}. ` +
          'Remove it, because the array order is the numbering',
      );
    }
    if (item.elements.indexOf(element) !== index) {
      throw itemError(
        item.number,
        `elements[${index}]`,
        `element ${JSON.stringify(element)} is listed twice. Remove the repeat`,
      );
    }
  });

  checkFirstNotice(item);
}

function checkFirstNotice(item: CatalogItem): void {
  if (item.timeLimit.kind !== 'promptly' || !item.timeLimit.firstNotice) return;

  const target = item.timeLimit.firstNotice.element;
  if (!item.elements.some((element) => element.startsWith(target))) {
    throw itemError(
      item.number,
      'timeLimit.firstNotice.element',
      `no element of this item starts with ${JSON.stringify(target)}. ` +
        'Name the element that the first-notice deadline applies to',
    );
  }
}

function itemError(itemNumber: number, field: string, detail: string): CatalogError {
  return new CatalogError(`item ${itemNumber}, field "${field}": ${detail}`, field, itemNumber);
}

function topLevelError(field: string, detail: string): CatalogError {
  return new CatalogError(`field "${field}": ${detail}`, field);
}

/**
 * Turns a zod issue into a `CatalogError`. Paths inside `items[i]` become relative to the item when
 * that item has a valid number, so that the message names the item as the catalog numbers it.
 */
function errorFromIssue(json: unknown, issue: z.core.$ZodIssue): CatalogError {
  const path =
    issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : [...issue.path];
  const detail = describeIssue(json, issue, path);

  const [first, index, ...rest] = path;
  if (first === 'items' && typeof index === 'number' && rest.length > 0) {
    const itemNumber = valueAt(json, ['items', index, 'number']);
    const numberIsValid = catalogItemSchema.shape.number.safeParse(itemNumber).success;
    const numberIsAtFault = rest.length === 1 && rest[0] === 'number';
    if (numberIsValid && !numberIsAtFault) {
      return itemError(itemNumber as number, formatPath(rest), detail);
    }
  }

  return topLevelError(path.length > 0 ? formatPath(path) : '(file)', detail);
}

function describeIssue(json: unknown, issue: z.core.$ZodIssue, path: PropertyKey[]): string {
  const value = valueAt(json, path);

  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `missing value. Add a ${issue.expected}`;
      return `expected a ${issue.expected}, received ${describeValue(value)}`;
    case 'invalid_union':
      if (issue.discriminator && 'options' in issue && issue.options) {
        const options = issue.options.map((option) => JSON.stringify(option)).join(', ');
        const problem =
          value === undefined ? 'missing value' : `invalid value ${describeValue(value)}`;
        return `${problem}. Use one of ${options}`;
      }
      return issue.message;
    case 'invalid_value': {
      const problem =
        value === undefined ? 'missing value' : `invalid value ${describeValue(value)}`;
      const options = issue.values.map((option) => JSON.stringify(option)).join(' or ');
      return `${problem}. Use ${options}`;
    }
    case 'unrecognized_keys':
      return 'unknown field. Remove it or correct its spelling';
    default:
      return issue.message;
  }
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'no value';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** Formats a path as `items[2].timeLimit.days`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
