/** Starts the real server on an ephemeral port with a temporary SQLite file, for tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server.ts';

export interface TestServer extends RunningServer {
  dir: string;
  dbFile: string;
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
  api(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(keepFiles?: boolean): Promise<void>;
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-'));
  const dbFile = options.dbFile ?? path.join(dir, 'gongkai.sqlite');
  const logs: Record<string, unknown>[] = [];
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

  const stop = running.close.bind(running);
  return Object.assign(running, {
    dir,
    dbFile,
    logs,
    async api(method: string, route: string, body?: unknown) {
      const response = await fetch(running.url + route, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let json: any = text;
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON (CSV, HTML): the raw text is returned.
      }
      return { status: response.status, json };
    },
    /** Stop the server; the temporary folder is removed unless `keepFiles` is set. */
    async close(keepFiles = false) {
      await stop();
      if (!keepFiles) fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
