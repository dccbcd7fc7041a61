import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog, type Catalog } from '../shared/catalog-schema.ts';

// The catalog file is checked against the text extracted from the committee's published PDF,
// which is kept outside the repository, beside the clone.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sourceFile = path.resolve(repoRoot, '../shared/seed/zhonglou-disclosure-catalog.txt');
const catalogFile = path.resolve(repoRoot, 'shared/catalog/zhonglou.json');

const source = fs.readFileSync(sourceFile, 'utf8');
const rawCatalog: unknown = JSON.parse(fs.readFileSync(catalogFile, 'utf8'));
const catalog = parseCatalog(rawCatalog);

/** Removes all whitespace: line breaks and spaces in the source are table-cell wrapping. */
const compact = (text: string) => text.replace(/\s+/g, '');

/** Splits the source into one block of text per table row, keyed by 序号. */
function sourceRows(text: string): Map<number, string> {
  const rows = new Map<number, string>();
  const rowStart = /^(\d+) (综合居务|民生保障|财务公开|平安建设)/;
  let current: { number: number; lines: string[] } | undefined;

  for (const line of text.split('\n')) {
    const match = rowStart.exec(line);
    if (match) {
      if (current) rows.set(current.number, current.lines.join('\n'));
      current = { number: Number(match[1]), lines: [] };
    }
    current?.lines.push(line);
  }
  if (current) rows.set(current.number, current.lines.join('\n'));

  return rows;
}

const rows = sourceRows(source);

function rowOf(number: number): string {
  const row = rows.get(number);
  if (row === undefined) throw new Error(`source has no row for item ${number}`);
  return row;
}

function item(number: number) {
  const found = catalog.items.find((candidate) => candidate.number === number);
  if (!found) throw new Error(`catalog has no item ${number}`);
  return found;
}

const labelByKey = new Map(catalog.channels.map((channel) => [channel.key, channel.label]));
const channelLabels = (number: number) => item(number).channels.map((key) => labelByKey.get(key));

const EXPECTED_CHANNEL_LABELS: Record<number, string[]> = {
  1: ['美丽朱泾0频道', '钟楼IN家园公众号'],
  2: ['公开栏', '美丽朱泾0频道'],
  3: ['宣传栏', '楼道'],
  4: ['楼道', '钟楼IN家园公众号'],
  5: ['精准推送'],
  6: ['微信群推送', '宣传栏', '电子屏'],
  7: ['微信群推送', '宣传栏', '电子屏'],
  8: ['公开栏', '美丽朱泾0频道'],
  9: ['精准推送'],
  10: ['精准推送'],
  11: ['精准推送', '钟楼IN家园公众号'],
  12: ['宣传栏', '楼道', '精准推送'],
  13: ['公开栏'],
  14: ['公开栏'],
  15: ['楼道', '精准推送', '钟楼IN家园公众号'],
  16: ['公开栏', '钟楼IN家园公众号'],
  17: ['精准推送'],
  18: ['精准推送'],
  19: ['精准推送'],
  20: ['精准推送'],
  21: ['精准推送'],
};

const ALL_NUMBERS = Array.from({ length: 21 }, (_, index) => index + 1);

describe('zhonglou catalog transcription', () => {
  it('has the 21 rows of the source', () => {
    expect([...rows.keys()]).toEqual(ALL_NUMBERS);
    expect(catalog.items.map((entry) => entry.number)).toEqual(ALL_NUMBERS);
  });

  it('has the committee and title', () => {
    expect(catalog.title).toBe('钟楼居委会公开标准目录');
    expect(source).toContain(catalog.title);
    expect(catalog.committee).toEqual({
      key: 'zhonglou',
      name: '钟楼居民委员会',
      town: '朱泾镇',
      district: '金山区',
      city: '上海市',
    });
  });

  it('defines the eight channels', () => {
    expect(catalog.channels).toEqual([
      { key: 'notice-board', label: '公开栏', kind: 'board' },
      { key: 'bulletin-board', label: '宣传栏', kind: 'board' },
      { key: 'stairwell', label: '楼道', kind: 'board' },
      { key: 'e-screen', label: '电子屏', kind: 'screen' },
      { key: 'targeted-push', label: '精准推送', kind: 'push' },
      { key: 'wechat-group', label: '微信群推送', kind: 'push' },
      { key: 'wechat-account', label: '钟楼IN家园公众号', kind: 'online' },
      { key: 'tv-channel', label: '美丽朱泾0频道', kind: 'broadcast' },
    ]);
  });

  describe.each(ALL_NUMBERS)('item %i', (number) => {
    const entry = item(number);
    const row = rowOf(number);

    it('starts its row with number and category', () => {
      expect(row).toMatch(new RegExp(`^${number} ${entry.category}\\s`));
    });

    it('has matters, basis, time limit and subject from its row', () => {
      expect(compact(row)).toContain(entry.matterFirst);
      expect(compact(row)).toContain(entry.matterSecond);
      expect(compact(row)).toContain(entry.basis);
      expect(compact(row)).toContain(entry.timeLimit.text);
      expect(compact(row)).toContain(entry.subject);
    });

    it('has the elements of its row in order', () => {
      const numberedLines = row.split('\n').filter((line) => /^\d+[、.]/.test(line));
      const separator = numberedLines[0]?.match(/^\d+([、.])/)?.[1];
      const expected =
        numberedLines.length === 0
          ? entry.elements[0]
          : entry.elements.map((element, index) => `${index + 1}${separator}${element}`).join('');

      expect(entry.elements).toHaveLength(Math.max(1, numberedLines.length));
      expect(compact(row)).toContain(expected);
    });

    it('has the channels that end its row', () => {
      const afterSubject = compact(row).split(entry.subject)[1];

      expect(afterSubject?.split('、')).toEqual(channelLabels(number));
      expect(channelLabels(number)).toEqual(EXPECTED_CHANNEL_LABELS[number]);
    });
  });

  it('transcribes elements exactly', () => {
    expect(item(1).elements).toEqual([
      '居委会名称',
      '居委会办公地址',
      '居委会办公时间',
      '居委会联系方式',
      '邮政编码',
    ]);
    expect(item(4).elements).toEqual(['居民公约']);
    expect(item(6).elements).toEqual(['文化活动开展时间、地点']);
    expect(item(9).elements).toEqual(['宣传为老服务政策文件，提供咨询电话和服务操作指南说明']);
    expect(item(10).elements).toEqual([
      '残疾人困难残疾人生活补贴、重度残疾人护理补贴和交通补贴政策文件和受理申请补贴类型及范围',
      '受理残疾人困难残疾人生活补贴、重度残疾人护理补贴和交通补贴操作指引、工作流程、联系方式',
    ]);
    expect(item(17).elements[2]).toBe('电话精准告知居民应急处置工作开展情况及注意事项');
    expect(item(20).elements[2]).toBe('人民调解工作场所、联系方式、法律援助公益服务时间信息');
  });

  it('joins wrapped matters of item 17', () => {
    expect(item(17).matterFirst).toBe('社会公共卫生事件应急处理');
    expect(item(17).matterSecond).toBe('社会公共卫生事件应急处理信息发布和通告工作');
  });

  it('gives item 17 the 2-hour first notice', () => {
    const timeLimit = item(17).timeLimit;

    expect(timeLimit).toEqual({
      kind: 'promptly',
      text: '及时公开',
      firstNotice: { withinHours: 2, element: '居民告知书' },
    });
    expect(item(17).elements[0]).toBe('居民告知书（不迟于2个小时）');
    expect(compact(rowOf(17))).toContain('1、居民告知书（不迟于2个小时）');
  });

  it('has 20 working days only for items 1, 2, 4', () => {
    for (const number of ALL_NUMBERS) {
      const timeLimit = item(number).timeLimit;
      if ([1, 2, 4].includes(number)) {
        expect(timeLimit, `item ${number}`).toEqual({
          kind: 'working-days',
          days: 20,
          from: 'formed-or-changed',
          text: '自信息形成或者变更之日起20个工作日内及时公开',
        });
      } else {
        expect(timeLimit.kind, `item ${number}`).toBe('promptly');
        expect(timeLimit.text, `item ${number}`).toBe('及时公开');
      }
    }
  });

  it('has a first notice only on item 17', () => {
    const withFirstNotice = catalog.items
      .filter((entry) => entry.timeLimit.kind === 'promptly' && entry.timeLimit.firstNotice)
      .map((entry) => entry.number);

    expect(withFirstNotice).toEqual([17]);
  });

  it('cites the law of each row', () => {
    for (const number of ALL_NUMBERS) {
      const expected =
        number <= 8 ? '《中华人民共和国城市居民委员会组织法》' : '《上海市居民委员会工作条例》';
      expect(item(number).basis, `item ${number}`).toBe(expected);
    }
  });

  it('lists categories in source order', () => {
    const categories = catalog.items.map((entry) => entry.category);

    expect(categories.slice(0, 8).every((category) => category === '综合居务')).toBe(true);
    expect(categories.slice(8, 12).every((category) => category === '民生保障')).toBe(true);
    expect(categories[12]).toBe('财务公开');
    expect(categories.slice(13).every((category) => category === '平安建设')).toBe(true);
  });

  it('has no whitespace in any text', () => {
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(catalog);

    expect(strings.length).toBeGreaterThan(100);
    for (const text of strings) expect(text, JSON.stringify(text)).not.toMatch(/\s/);
  });
});

/** Applies `change` to a copy of the catalog file and returns the `CatalogError` it causes. */
function catalogErrorOf(change: (draft: any) => void): CatalogError {
  const draft = structuredClone(rawCatalog) as any;
  change(draft);
  try {
    parseCatalog(draft);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('parseCatalog accepted an invalid catalog');
}

describe('parseCatalog', () => {
  it('returns typed catalog', () => {
    const parsed: Catalog = parseCatalog(structuredClone(rawCatalog));

    expect(parsed.items).toHaveLength(21);
  });

  it('rejects duplicate item number', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[2].number = 2;
    });

    expect(error.itemNumber).toBe(2);
    expect(error.field).toBe('number');
    expect(error.message).toContain('item 2, field "number": duplicate item number 2');
    expect(error.message).toContain('items[2]');
  });

  it('rejects out-of-sequence numbers', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[20].number = 22;
    });

    expect(error.itemNumber).toBe(22);
    expect(error.field).toBe('number');
    expect(error.message).toContain('expected 21');
  });

  it('rejects unknown channel key', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[2].channels[1] = 'foo';
    });

    expect(error.itemNumber).toBe(3);
    expect(error.field).toBe('channels[1]');
    expect(error.message).toContain('item 3, field "channels[1]": unknown channel "foo"');
    expect(error.message).toContain('notice-board');
  });

  it('rejects repeated channel in item', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[4].channels = ['targeted-push', 'targeted-push'];
    });

    expect(error.itemNumber).toBe(5);
    expect(error.field).toBe('channels[1]');
  });

  it('rejects missing title', () => {
    const error = catalogErrorOf((draft) => {
      delete draft.title;
    });

    expect(error.itemNumber).toBeUndefined();
    expect(error.field).toBe('title');
    expect(error.message).toBe('field "title": missing value. Add a string');
  });

  it('rejects unknown timeLimit kind', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[5].timeLimit = { kind: 'weekly', text: '每周' };
    });

    expect(error.itemNumber).toBe(6);
    expect(error.field).toBe('timeLimit.kind');
    expect(error.message).toContain('item 6, field "timeLimit.kind": invalid value "weekly"');
    expect(error.message).toContain('"working-days"');
  });

  it('rejects zero working days', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[0].timeLimit.days = 0;
    });

    expect(error.itemNumber).toBe(1);
    expect(error.field).toBe('timeLimit.days');
    expect(error.message).toMatch(/^item 1, field "timeLimit.days": /);
  });

  it('rejects working days without from', () => {
    const error = catalogErrorOf((draft) => {
      delete draft.items[3].timeLimit.from;
    });

    expect(error.itemNumber).toBe(4);
    expect(error.field).toBe('timeLimit.from');
    expect(error.message).toContain('missing value');
  });

  it('rejects first notice for absent element', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[16].timeLimit.firstNotice.element = '通告';
    });

    expect(error.itemNumber).toBe(17);
    expect(error.field).toBe('timeLimit.firstNotice.element');
    expect(error.message).toContain('"通告"');
  });

  it('rejects empty category', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[7].category = ' ';
    });

    expect(error.itemNumber).toBe(8);
    expect(error.field).toBe('category');
    expect(error.message).toContain('empty text');
  });

  it('rejects space before Chinese punctuation', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[9].elements[0] = '残疾人困难残疾人生活补贴 、重度残疾人护理补贴';
    });

    expect(error.itemNumber).toBe(10);
    expect(error.field).toBe('elements[0]');
    expect(error.message).toContain('whitespace next to Chinese text');
  });

  it('rejects line break in text', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[0].basis = '《中华人民共和国城市居民委员会\n组织法》';
    });

    expect(error.itemNumber).toBe(1);
    expect(error.field).toBe('basis');
    expect(error.message).toContain('line break');
  });

  it('rejects numbered element', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[1].elements[1] = '2、居委会班子成员照片';
    });

    expect(error.itemNumber).toBe(2);
    expect(error.field).toBe('elements[1]');
    expect(error.message).toContain('"2、"');
  });

  it('rejects misspelt field name', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[0].matterFrist = draft.items[0].matterFirst;
    });

    expect(error.itemNumber).toBe(1);
    expect(error.field).toBe('matterFrist');
    expect(error.message).toContain('unknown field');
  });

  it('rejects invalid item number', () => {
    const error = catalogErrorOf((draft) => {
      draft.items[4].number = '5';
    });

    expect(error.itemNumber).toBeUndefined();
    expect(error.field).toBe('items[4].number');
    expect(error.message).toContain('expected a number, received "5"');
  });

  it('rejects duplicate channel key', () => {
    const error = catalogErrorOf((draft) => {
      draft.channels[1].key = 'notice-board';
    });

    expect(error.itemNumber).toBeUndefined();
    expect(error.field).toBe('channels[1].key');
  });

  it('rejects unknown channel kind', () => {
    const error = catalogErrorOf((draft) => {
      draft.channels[3].kind = 'tv';
    });

    expect(error.field).toBe('channels[3].kind');
    expect(error.message).toContain('"screen"');
  });

  it('rejects other format', () => {
    const error = catalogErrorOf((draft) => {
      draft.format = 'gongkai-catalog/2';
    });

    expect(error.field).toBe('format');
  });

  it('rejects non-object input', () => {
    expect(() => parseCatalog(null)).toThrow(CatalogError);
    expect(() => parseCatalog([])).toThrow(CatalogError);
  });

  it('accepts periodic and standing limits', () => {
    const draft = structuredClone(rawCatalog) as any;
    draft.items[12].timeLimit = { kind: 'periodic', every: 'quarter', text: '每季度公布一次' };
    draft.items[13].timeLimit = { kind: 'standing', text: '长期公开，发生变更及时更新' };

    const parsed = parseCatalog(draft);

    expect(parsed.items[12]?.timeLimit).toEqual({
      kind: 'periodic',
      every: 'quarter',
      text: '每季度公布一次',
    });
    expect(parsed.items[13]?.timeLimit.kind).toBe('standing');
  });
});
