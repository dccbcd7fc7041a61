/**
 * The fleet the server-side scenarios share: one real server, one disclosure published through the
 * staff API, N screens in groups of up to 1,000 (the API's limit) whose shared schedule plays that
 * disclosure, so publishing it changes every screen's schedule. Screen rows and group members are
 * written straight into the server's database (WAL, so while it runs): through the API each screen
 * costs about 40 ms on this machine, over three minutes for 5,000.
 */
import SQLite from 'better-sqlite3';
import { generateScreenToken, hashToken } from '../../server/tokens.ts';
import { BenchServer } from './lib.ts';

const GROUP_LIMIT = 1000;

export interface Fleet {
  server: BenchServer;
  disclosureId: number;
  tokens: string[];
  screenIds: number[];
}

export async function createFleet(screens: number): Promise<Fleet> {
  const server = await BenchServer.create();
  await server.start();

  const created = await server.api('POST', '/api/disclosures', {
    catalogItem: 9,
    title: '为老服务咨询',
    body: '咨询电话见下。',
  });
  const disclosureId = created.disclosure.id as number;
  await server.api('POST', `/api/disclosures/${disclosureId}/publish`);

  const made = insertScreens(server.dbFile, screens);
  const screenIds = made.map((screen) => screen.id);
  for (let start = 0, group = 1; start < screenIds.length; start += GROUP_LIMIT, group += 1) {
    const json = await server.api('POST', '/api/groups', {
      name: `楼道屏 ${group}`,
      screenIds: [],
    });
    const groupId = json.group.id as number;
    addMembers(server.dbFile, groupId, screenIds.slice(start, start + GROUP_LIMIT));
    await server.api('PUT', `/api/groups/${groupId}/playlist`, {
      entries: [{ disclosureId, seconds: 15 }],
    });
  }
  return { server, disclosureId, tokens: made.map((screen) => screen.token), screenIds };
}

/** Edit the disclosure (a new version) so that the next publish changes every schedule. */
export async function editDisclosure(fleet: Fleet, round: number): Promise<void> {
  await fleet.server.api('PUT', `/api/disclosures/${fleet.disclosureId}`, {
    title: `为老服务咨询（第 ${round} 次更新）`,
  });
}

export async function publish(fleet: Fleet): Promise<void> {
  await fleet.server.api('POST', `/api/disclosures/${fleet.disclosureId}/publish`);
}

function withDatabase<T>(file: string, work: (sqlite: SQLite.Database) => T): T {
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('busy_timeout = 5000');
    return sqlite.transaction(() => work(sqlite))();
  } finally {
    sqlite.close();
  }
}

/** Screens as `createScreen` in server/screen-store.ts writes them: the token's SHA-256 only. */
function insertScreens(file: string, count: number): { id: number; token: string }[] {
  return withDatabase(file, (sqlite) => {
    const insert = sqlite.prepare(
      `INSERT INTO screen (name, location, orientation, channel, token_hash, created_at)
       VALUES (?, '', 'landscape', 'e-screen', ?, ?)`,
    );
    return Array.from({ length: count }, (_, index) => {
      const token = generateScreenToken();
      const info = insert.run(`电子屏 ${index + 1}`, hashToken(token), Date.now());
      return { id: Number(info.lastInsertRowid), token };
    });
  });
}

function addMembers(file: string, groupId: number, screenIds: number[]) {
  withDatabase(file, (sqlite) => {
    const insert = sqlite.prepare(
      'INSERT INTO screen_group_member (group_id, screen_id) VALUES (?, ?)',
    );
    for (const screenId of screenIds) insert.run(groupId, screenId);
  });
}
