import { describe, expect, it } from 'vitest';
import type { Body } from '../shared/content.ts';
import {
  atomLength,
  atomize,
  paginate,
  splitAtom,
  type Atom,
  type FitsProbe,
} from '../display/pagination.ts';

/** Build a probe that fits `capacity` characters per page, one line of overhead per atom. */
function characterProbe(capacity: number): FitsProbe {
  return (atoms) =>
    atoms.reduce((sum, atom) => sum + Math.max(1, atomLength(atom)) + 1, 0) <= capacity;
}

function pageText(atoms: readonly Atom[]): string {
  return atoms
    .map((atom) => {
      switch (atom.kind) {
        case 'paragraph':
          return atom.spans.map((span) => span.text).join('');
        case 'table-row':
          return atom.cells.join('|');
        case 'image':
          return `[${atom.alt}]`;
        default:
          return atom.text;
      }
    })
    .join('');
}

const longParagraph =
  '为进一步做好辖区老年人服务工作，切实保障高龄、独居、困难老人的基本生活。'.repeat(6);

describe('paginate', () => {
  it('keeps short content on one page', () => {
    const pages = paginate(atomize({ title: '通知', body: [], images: [] }), characterProbe(100));
    expect(pages).toHaveLength(1);
    expect(pageText(pages[0]!)).toBe('通知');
  });

  it('splits a long paragraph without losing characters', () => {
    const body: Body = [{ type: 'paragraph', spans: [{ text: longParagraph }] }];
    const pages = paginate(atomize({ title: '标题', body, images: [] }), characterProbe(80));

    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.map(pageText).join('')).toBe(`标题${longParagraph}`);
  });

  it('prefers splitting after punctuation', () => {
    const body: Body = [{ type: 'paragraph', spans: [{ text: longParagraph }] }];
    const pages = paginate(atomize({ title: '标题', body, images: [] }), characterProbe(80));
    const firstPageText = pageText(pages[0]!);

    expect(
      firstPageText.endsWith('，') || firstPageText.endsWith('。') || firstPageText.endsWith('、'),
    ).toBe(true);
  });

  it('keeps strong spans strong across a split', () => {
    const body: Body = [
      {
        type: 'paragraph',
        spans: [{ text: '甲'.repeat(30) }, { text: '乙'.repeat(30), strong: true }],
      },
    ];
    const pages = paginate(atomize({ title: 'T', body, images: [] }), characterProbe(45));
    const strongText = pages
      .flat()
      .flatMap((atom) => (atom.kind === 'paragraph' ? atom.spans : []))
      .filter((span) => span.strong)
      .map((span) => span.text)
      .join('');

    expect(strongText).toBe('乙'.repeat(30));
  });

  it('moves a heading that would end a page to the next page', () => {
    const body: Body = [
      { type: 'paragraph', spans: [{ text: '一'.repeat(20) }] },
      { type: 'heading', text: '二、标准' },
      { type: 'paragraph', spans: [{ text: '三'.repeat(20) }] },
    ];
    const pages = paginate(atomize({ title: 'T', body, images: [] }), characterProbe(28));

    expect(pages[0]!.at(-1)?.kind).not.toBe('heading');
    expect(pages[1]![0]).toMatchObject({ kind: 'heading', text: '二、标准' });
  });

  it('splits tables by rows and keeps numbering of list items', () => {
    const body: Body = [
      { type: 'list', ordered: true, items: ['一项', '二项', '三项'] },
      { type: 'table', columns: ['姓名'], rows: Array.from({ length: 12 }, (_, i) => [`名${i}`]) },
    ];
    const pages = paginate(atomize({ title: 'T', body, images: [] }), characterProbe(16));
    const atoms = pages.flat();

    const rows = atoms.filter((atom) => atom.kind === 'table-row');

    expect(rows.filter((row) => !row.continued)).toHaveLength(12);
    expect(rows.map((row) => (row.kind === 'table-row' ? row.cells.join('') : '')).join('')).toBe(
      Array.from({ length: 12 }, (_, i) => `名${i}`).join(''),
    );
    expect(
      atoms
        .filter((atom) => atom.kind === 'list-item')
        .map((atom) => atom.kind === 'list-item' && atom.number),
    ).toEqual([1, 2, 3]);
    expect(pages.length).toBeGreaterThan(2);
  });

  it('places an atom too large for any page alone', () => {
    const atoms = atomize({ title: 'T', body: [], images: [{ url: '/a.png', alt: '图' }] });
    const pages = paginate(atoms, (candidate) => candidate.every((atom) => atom.kind !== 'image'));

    expect(pages).toEqual([[atoms[0]], [atoms[1]]]);
  });

  it('always returns at least one page', () => {
    expect(paginate([], characterProbe(10))).toEqual([[]]);
  });
});

describe('splitAtom', () => {
  it('splits table cells at the same offset', () => {
    const row: Atom = {
      kind: 'table-row',
      block: 0,
      columns: ['a', 'b'],
      cells: ['甲乙丙丁', '戊'],
      continued: false,
    };

    expect(splitAtom(row, 2)).toEqual({
      head: { ...row, cells: ['甲乙', '戊'] },
      tail: { ...row, cells: ['丙丁', ''], continued: true },
    });
  });

  it('never splits a surrogate pair', () => {
    const heading: Atom = { kind: 'heading', text: '𠀀𠀁𠀂', continued: false };

    expect(splitAtom(heading, 1)).toMatchObject({ head: { text: '𠀀' }, tail: { text: '𠀁𠀂' } });
  });

  it('returns null for an empty part', () => {
    const heading: Atom = { kind: 'heading', text: '标题', continued: false };

    expect(splitAtom(heading, 0)).toBeNull();
    expect(splitAtom(heading, 2)).toBeNull();
  });
});
