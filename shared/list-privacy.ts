/**
 * Privacy on published lists of people (困难补助名单 and the like). Personal data is limited to what
 * the purpose needs (个人信息保护法 Art. 6): names are masked in every public output, and ID
 * card, phone and bank account numbers may not be entered at all.
 *
 * Masking rule, applied to each name cell of a table marked `personal`:
 * - The surname stays; a two-character compound surname (欧阳, 司马, ...) counts as the surname.
 * - Single surname: a one-character given name is masked (张三 -> 张*); a longer one keeps its last
 *   character and masks the rest (张小三 -> 张*三, 张小三丰 -> 张**丰).
 * - Compound surname: the whole given name is masked (欧阳明 -> 欧阳*, 欧阳小明 -> 欧阳**).
 * - Names in Latin letters keep the first letter of each word (John Smith -> J*** S****).
 */
import type { Block, Body } from './content.ts';

export const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 ' +
    '西门 百里 呼延 澹台 公冶 太史 申屠 闻人 万俟 赫连 拓跋 钟离 单于 东郭 公羊 濮阳 淳于 仲孙 ' +
    '钟离 宗政 亓官 司寇 左丘 梁丘 第五 乐正 壤驷 谷梁 巫马 公西 漆雕 颛孙 子车 羊舌'
  ).split(' '),
);

/** Header words that mark a column of names. */
const NAME_HEADER = /姓名|名字|户主|申请人|受助人|家属/;

export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return trimmed;
  if (/^[\p{Script=Latin}\s.'-]+$/u.test(trimmed)) {
    return trimmed.replace(/\p{Script=Latin}+/gu, (word) => word[0] + '*'.repeat(word.length - 1));
  }

  const characters = [...trimmed];
  const surnameLength =
    characters.length > 2 && COMPOUND_SURNAMES.has(characters.slice(0, 2).join('')) ? 2 : 1;
  const surname = characters.slice(0, surnameLength).join('');
  const given = characters.slice(surnameLength);
  if (given.length === 0) return surname;
  if (surnameLength === 2 || given.length === 1) return surname + '*'.repeat(given.length);
  return surname + '*'.repeat(given.length - 1) + given[given.length - 1];
}

/** Columns of a personal table that hold names, found by their header. */
export function nameColumns(columns: readonly string[]): number[] {
  return columns.flatMap((header, index) => (NAME_HEADER.test(header) ? [index] : []));
}

/** Return a copy of the body with the names in personal tables masked, for every public output. */
export function maskPersonalData(body: Body): Body {
  return body.map((block): Block => {
    if (block.type !== 'table' || !block.personal) return block;
    const masked = new Set(nameColumns(block.columns));
    return {
      ...block,
      rows: block.rows.map((row) =>
        row.map((cell, index) => (masked.has(index) ? maskName(cell) : cell)),
      ),
    };
  });
}

export type SensitiveKind = 'id-card' | 'phone' | 'bank-account';

const SENSITIVE_LABELS: Record<SensitiveKind, string> = {
  'id-card': 'an ID card number (身份证号)',
  phone: 'a phone number (电话号码)',
  'bank-account': 'a bank account number (银行账号)',
};

/**
 * Classify a cell that looks like an ID card, phone or bank account number. Spaces and dashes
 * inside the number are ignored, so 138 0013 8000 is still a phone number.
 */
export function sensitiveKind(value: string): SensitiveKind | null {
  for (const run of value.match(/[\dXx][\d\s-]{6,}[\dXx]/g) ?? []) {
    const digits = run.replace(/[\s-]/g, '');
    if (/^\d{17}[\dXx]$/.test(digits) || /^\d{15}$/.test(digits)) return 'id-card';
    if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return 'phone';
    if (/^\d{16,19}$/.test(digits)) return 'bank-account';
  }
  return null;
}

export interface SensitiveCell {
  /** Path in the body, such as `body[2].rows[0][3]`. */
  field: string;
  message: string;
}

/** Find the first cell of a personal table that contains an ID, phone or bank account number. */
export function findSensitiveCell(body: Body): SensitiveCell | null {
  for (const [blockIndex, block] of body.entries()) {
    if (block.type !== 'table' || !block.personal) continue;
    for (const [rowIndex, row] of block.rows.entries()) {
      for (const [columnIndex, cell] of row.entries()) {
        const kind = sensitiveKind(cell);
        if (!kind) continue;
        const column = block.columns[columnIndex] ?? `column ${columnIndex + 1}`;
        return {
          field: `body[${blockIndex}].rows[${rowIndex}][${columnIndex}]`,
          message: `row ${rowIndex + 1}, column "${column}": the value looks like ${SENSITIVE_LABELS[kind]}; a published list must not contain ID card, phone or bank account numbers, so remove it`,
        };
      }
    }
  }
  return null;
}
