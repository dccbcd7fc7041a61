import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogError, type Catalog } from '../shared/catalog-schema.ts';
import {
  CatalogFileError,
  getCatalog,
  loadCatalog,
  readCatalogFile,
} from '../server/catalog-store.ts';
import { openDatabase, type OpenedDatabase } from '../server/db/database.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const catalogFile = path.resolve(repoRoot, 'shared/catalog/zhonglou.json');
const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);

let dir: string;
let opened: OpenedDatabase;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-catalog-'));
  opened = await openDatabase(path.join(dir, 'gongkai.db'));
});

afterEach(async () => {
  await opened.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const zhonglou = () => readCatalogFile(catalogFile);

async function tableRows() {
  const committees = await opened.db.selectFrom('committee').selectAll().execute();
  const items = await opened.db.selectFrom('catalog_item').selectAll().orderBy('id').execute();
  return { committees, items };
}

describe('loadCatalog', () => {
  it('inserts committee and 21 items', async () => {
    const result = await loadCatalog(opened.db, zhonglou(), T0);

    expect(result).toEqual({
      committeeId: expect.any(Number),
      committee: 'inserted',
      inserted: 21,
      updated: 0,
      unchanged: 0,
      missingFromFile: [],
    });

    const { committees, items } = await tableRows();
    expect(committees).toHaveLength(1);
    expect(committees[0]).toMatchObject({
      id: result.committeeId,
      key: 'zhonglou',
      name: '钟楼居民委员会',
      catalog_title: '钟楼居委会公开标准目录',
      imported_at: T0,
    });
    expect(JSON.parse(committees[0]!.details)).toEqual({
      town: '朱泾镇',
      district: '金山区',
      city: '上海市',
    });
    expect(items).toHaveLength(21);
    expect(items.every((row) => row.committee_id === result.committeeId)).toBe(true);
  });

  it('changes nothing on second load', async () => {
    const first = await loadCatalog(opened.db, zhonglou(), T0);
    const before = await tableRows();

    const second = await loadCatalog(opened.db, zhonglou(), T0 + 60_000);

    expect(second).toEqual({
      committeeId: first.committeeId,
      committee: 'unchanged',
      inserted: 0,
      updated: 0,
      unchanged: 21,
      missingFromFile: [],
    });
    expect(await tableRows()).toEqual(before);
  });

  it('ignores key order in the file', async () => {
    await loadCatalog(opened.db, zhonglou(), T0);
    const reordered = zhonglou() as any;
    reordered.items = reordered.items.map((item: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(item).reverse()),
    );
    reordered.items[0].timeLimit = {
      text: reordered.items[0].timeLimit.text,
      from: 'formed-or-changed',
      days: 20,
      kind: 'working-days',
    };

    const result = await loadCatalog(opened.db, reordered, T0 + 1);

    expect(result.unchanged).toBe(21);
    expect(result.committee).toBe('unchanged');
  });

  it('updates a changed item only', async () => {
    const first = await loadCatalog(opened.db, zhonglou(), T0);
    const before = await tableRows();
    const changed = zhonglou();
    changed.items[12]!.elements = ['补助名单', '补助金额', '补助标准'];

    const result = await loadCatalog(opened.db, changed, T0 + 60_000);

    expect(result).toMatchObject({
      committee: 'unchanged',
      inserted: 0,
      updated: 1,
      unchanged: 20,
    });
    const after = await tableRows();
    expect(after.items).toHaveLength(21);
    const row13 = after.items.find((row) => row.number === 13)!;
    expect(row13.id).toBe(before.items.find((row) => row.number === 13)!.id);
    expect(JSON.parse(row13.elements)).toEqual(['补助名单', '补助金额', '补助标准']);
    expect(after.items.filter((row) => row.number !== 13)).toEqual(
      before.items.filter((row) => row.number !== 13),
    );
    expect(after.committees[0]!.id).toBe(first.committeeId);
    expect(after.committees[0]!.imported_at).toBe(T0 + 60_000);
  });

  it('updates changed committee fields', async () => {
    await loadCatalog(opened.db, zhonglou(), T0);
    const changed = zhonglou();
    changed.title = '钟楼居委会公开标准目录（2026年版）';
    changed.channels[3]!.label = '大堂电子屏';

    const result = await loadCatalog(opened.db, changed, T0 + 1);

    expect(result.committee).toBe('updated');
    expect(result.unchanged).toBe(21);
    const view = await getCatalog(opened.db);
    expect(view?.title).toBe('钟楼居委会公开标准目录（2026年版）');
    expect(view?.channels[3]).toEqual({ key: 'e-screen', label: '大堂电子屏', kind: 'screen' });
  });

  it('keeps items missing from file', async () => {
    await loadCatalog(opened.db, zhonglou(), T0);
    const shorter = zhonglou();
    shorter.items = shorter.items.slice(0, 19);

    const result = await loadCatalog(opened.db, shorter, T0 + 1);

    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 19 });
    expect(result.missingFromFile).toEqual([20, 21]);
    expect((await tableRows()).items).toHaveLength(21);
  });

  it('writes nothing for invalid catalog', async () => {
    const invalid = zhonglou() as any;
    invalid.items[2].channels = ['notice-board', 'foo'];

    await expect(loadCatalog(opened.db, invalid as Catalog, T0)).rejects.toThrow(
      'item 3, field "channels[1]": unknown channel "foo"',
    );

    const { committees, items } = await tableRows();
    expect(committees).toHaveLength(0);
    expect(items).toHaveLength(0);
  });

  it('leaves loaded catalog alone when invalid', async () => {
    await loadCatalog(opened.db, zhonglou(), T0);
    const before = await tableRows();
    const invalid = zhonglou() as any;
    invalid.items[0].category = '';
    invalid.title = 'changed title';

    await expect(loadCatalog(opened.db, invalid as Catalog, T0 + 1)).rejects.toThrow(CatalogError);

    expect(await tableRows()).toEqual(before);
  });

  it('rolls back when a write fails', async () => {
    // A trigger makes the database itself reject the last item, after the committee and the
    // first 20 items were written in the same transaction.
    opened.sqlite.exec(`
      CREATE TRIGGER reject_item_21 BEFORE INSERT ON catalog_item
      WHEN NEW.number = 21 BEGIN SELECT RAISE(ABORT, 'item 21 rejected'); END;
    `);

    await expect(loadCatalog(opened.db, zhonglou(), T0)).rejects.toThrow('item 21 rejected');

    const { committees, items } = await tableRows();
    expect(committees).toHaveLength(0);
    expect(items).toHaveLength(0);
  });
});

describe('getCatalog', () => {
  it('returns null when empty', async () => {
    expect(await getCatalog(opened.db)).toBeNull();
  });

  it('returns the file shape', async () => {
    const catalog = zhonglou();
    await loadCatalog(opened.db, catalog, T0);

    const view = await getCatalog(opened.db);

    expect(view).not.toBeNull();
    const { format: _format, ...expected } = catalog;
    const items = view!.items.map(({ id: _id, ...item }) => item);
    expect({ ...view!, items }).toEqual(expected);
    expect(view!.items.map((item) => item.number)).toEqual(catalog.items.map((i) => i.number));
    expect(view!.items.every((item) => Number.isInteger(item.id))).toBe(true);
    expect(view!.items[16]!.timeLimit).toEqual({
      kind: 'promptly',
      text: '及时公开',
      firstNotice: { withinHours: 2, element: '居民告知书' },
    });
  });

  it('orders items by number', async () => {
    await loadCatalog(opened.db, zhonglou(), T0);
    // Rows inserted in reverse order must still come back as 1..21.
    const reversed = await opened.db.selectFrom('catalog_item').selectAll().execute();
    await opened.db.deleteFrom('catalog_item').execute();
    for (const row of reversed.reverse()) {
      const { id: _id, ...columns } = row;
      await opened.db.insertInto('catalog_item').values(columns).execute();
    }

    const view = await getCatalog(opened.db);

    expect(view!.items.map((item) => item.number)).toEqual(
      Array.from({ length: 21 }, (_, index) => index + 1),
    );
  });

  it('selects committee by key', async () => {
    await loadCatalog(opened.db, zhonglou(), T0);
    const other = zhonglou();
    other.committee = { ...other.committee, key: 'other', name: '另一居民委员会' };
    await loadCatalog(opened.db, other, T0);

    expect((await getCatalog(opened.db, 'other'))?.committee.name).toBe('另一居民委员会');
    expect((await getCatalog(opened.db, 'zhonglou'))?.committee.name).toBe('钟楼居民委员会');
    expect(await getCatalog(opened.db, 'missing')).toBeNull();
    await expect(getCatalog(opened.db)).rejects.toThrow('Pass the committee key');
  });

  it('rejects a corrupt JSON column', async () => {
    await loadCatalog(opened.db, zhonglou(), T0);
    await opened.db
      .updateTable('catalog_item')
      .set({ time_limit: '{"kind":"sometimes"}' })
      .where('number', '=', 5)
      .execute();

    await expect(getCatalog(opened.db)).rejects.toThrow(/catalog_item \d+ time_limit/);
  });
});

describe('readCatalogFile', () => {
  it('reads the zhonglou file', () => {
    expect(zhonglou().items).toHaveLength(21);
  });

  it('names file and line on bad JSON', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{\n  "format": "gongkai-catalog/1",\n  "title": "x",,\n}\n');

    let error: unknown;
    try {
      readCatalogFile(file);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(CatalogFileError);
    const fileError = error as CatalogFileError;
    expect(fileError.file).toBe(file);
    expect(fileError.line).toBe(3);
    expect(fileError.column).toBe(16);
    expect(fileError.message).toContain(`catalog file "${file}" at line 3, column 16`);
  });

  it('names file on truncated JSON', () => {
    const file = path.join(dir, 'truncated.json');
    fs.writeFileSync(file, '{\n  "format": "gongkai-catalog/1"');

    expect(() => readCatalogFile(file)).toThrow(/line 2, column 32/);
  });

  it('names file when missing', () => {
    const file = path.join(dir, 'absent.json');

    expect(() => readCatalogFile(file)).toThrow(CatalogFileError);
    expect(() => readCatalogFile(file)).toThrow(`failed to read catalog file "${file}"`);
  });

  it('names file and item when invalid', () => {
    const file = path.join(dir, 'invalid.json');
    const invalid = zhonglou() as any;
    invalid.items[6].timeLimit.kind = 'weekly';
    fs.writeFileSync(file, JSON.stringify(invalid));

    let error: unknown;
    try {
      readCatalogFile(file);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(CatalogError);
    const catalogError = error as CatalogError;
    expect(catalogError.itemNumber).toBe(7);
    expect(catalogError.field).toBe('timeLimit.kind');
    expect(catalogError.message).toMatch(
      new RegExp(`^catalog file ".*invalid\\.json": item 7, field "timeLimit\\.kind"`),
    );
  });
});
