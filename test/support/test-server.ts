/** Starts the real server on an ephemeral port with a temporary SQLite file, for tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Role } from '../../server/db/schema.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server.ts';
import { createUser } from '../../server/user-store.ts';

export interface ApiResult {
  status: number;
  json: any;
  headers: Headers;
}

/** A signed-in staff member: requests carry the session cookie and the console's Origin. */
export interface StaffClient {
  name: string;
  role: Role;
  cookie: string;
  api(method: string, route: string, body?: unknown): Promise<ApiResult>;
}

export interface TestServer extends RunningServer {
  dir: string;
  dbFile: string;
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
  /** The administrator created for tests, signed in. */
  admin: StaffClient;
  /** Requests as the administrator. */
  api(method: string, route: string, body?: unknown): Promise<ApiResult>;
  /** Requests without any session. */
  anonymous(method: string, route: string, body?: unknown): Promise<ApiResult>;
  /** Create a user with a role (through the store) and sign in as that user. */
  signIn(role: Role, name?: string): Promise<StaffClient>;
  close(keepFiles?: boolean): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';

async function send(
  baseUrl: string,
  method: string,
  route: string,
  body: unknown,
  cookie?: string,
): Promise<ApiResult> {
  const headers: Record<string, string> = { origin: baseUrl };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + route, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (CSV, HTML): the raw text is returned.
  }
  return { status: response.status, json, headers: response.headers };
}

export async function login(baseUrl: string, name: string, password: string): Promise<string> {
  const result = await send(baseUrl, 'POST', '/api/session', { name, password });
  if (result.status !== 200)
    throw new Error(`login as ${name} failed: ${result.status} ${JSON.stringify(result.json)}`);
  const cookie = result.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-'));
  const dbFile = options.dbFile ?? path.join(dir, 'gongkai.sqlite');
  const logs: Record<string, unknown>[] = [];
  // Without a build the static folders are empty but present, so the server does not warn.
  if (!options.build) {
    for (const side of ['display', 'console'])
      fs.mkdirSync(path.join(dir, 'dist', side), { recursive: true });
  }
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      callback();
    },
  });
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    build: false,
    sample: false,
    logger: createLogger({ level: 'debug', destination }),
    ...options,
    // A build of its own, so parallel test files never write the same dist folder.
    distDir: options.distDir ?? path.join(dir, 'dist'),
    dbFile,
  });
  const baseUrl = running.url;

  const signIn = async (
    role: Role,
    name: string = `${role}-${Math.random().toString(36).slice(2, 8)}`,
  ) => {
    const existing = await running.database.db
      .selectFrom('user')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (!existing)
      await createUser(running.database.db, { name, role, password: TEST_PASSWORD }, Date.now());
    const cookie = await login(baseUrl, name, TEST_PASSWORD);
    return {
      name,
      role,
      cookie,
      api: (method: string, route: string, body?: unknown) =>
        send(baseUrl, method, route, body, cookie),
    };
  };
  const admin = await signIn('admin', 'admin');

  const stop = running.close.bind(running);
  return Object.assign(running, {
    dir,
    dbFile,
    logs,
    admin,
    api: admin.api,
    anonymous: (method: string, route: string, body?: unknown) =>
      send(baseUrl, method, route, body),
    signIn,
    /** Stop the server; the temporary folder is removed unless `keepFiles` is set. */
    async close(keepFiles = false) {
      await stop();
      if (!keepFiles) fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
