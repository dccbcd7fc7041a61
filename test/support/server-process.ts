/**
 * The real server as a child process (`node bin/gongkai.js serve`) on a fixed loopback port and
 * database file, so that fault tests can SIGKILL it and start it again where screens expect it.
 * Every process started here is killed by `stop()`, and by the exit of the test process at last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO_ROOT, 'bin', 'gongkai.js');
/** Starting includes tsx, migrations and, when the display sources changed, an esbuild run. */
const START_TIMEOUT_MS = 30_000;
/** The administrator added when the staff API requires a session. */
const ADMIN = { name: 'fault-test-admin', password: 'correct horse battery' };

/** One pino line of the server, parsed, with the test's clock when it arrived. */
export interface ServerLogLine {
  msg?: string;
  level?: number;
  time?: string;
  screenId?: number;
  code?: number;
  [key: string]: unknown;
  /** `Date.now()` in the test process when the line was read. */
  readAt: number;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Find a TCP port that is free on 127.0.0.1 (it may be taken again before it is used). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class ServerProcess {
  readonly dir: string;
  readonly dbFile: string;
  readonly port: number;
  readonly url: string;
  /** Log lines of every run so far, in order. */
  readonly logs: ServerLogLine[] = [];
  /** Output that is not a JSON log line (the CLI's own messages, stack traces). */
  readonly output: string[] = [];
  #child: ChildProcess | null = null;
  #cookie: string | null = null;
  #exited: Promise<void> = Promise.resolve();

  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.dbFile = path.join(dir, 'gongkai.sqlite');
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Start the server on a new database in a temporary folder, on a free port. */
  static async start(): Promise<ServerProcess> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-fault-'));
    const server = new ServerProcess(dir, await freePort());
    try {
      await server.start();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Spawn the server and wait until /healthz responds with 200. */
  async start(): Promise<void> {
    if (this.#child) throw new Error(`server already running as pid ${this.#child.pid}`);

    const child = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--port',
        String(this.port),
        '--host',
        '127.0.0.1',
        '--db',
        this.dbFile,
        '--no-sample',
      ],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'info' },
      },
    );
    this.#child = child;
    live.add(child);
    this.#exited = new Promise((resolve) =>
      child.once('exit', () => {
        live.delete(child);
        if (this.#child === child) this.#child = null;
        resolve();
      }),
    );
    this.#readLines(child.stdout!);
    this.#readLines(child.stderr!);
    await this.#waitHealthy(child);
  }

  /** SIGKILL the server: no shutdown code runs, sockets die without a close frame. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;

    child.kill('SIGKILL');
    await this.#exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Kill the server and remove its folder. */
  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Log lines with this message, from every run. */
  logsWith(msg: string): ServerLogLine[] {
    return this.logs.filter((line) => line.msg === msg);
  }

  /**
   * Call the staff API; an error status raises an error with the response body. When the server
   * requires a staff session (401), an administrator is added through the CLI and signed in once.
   */
  async api(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
    let result = await this.#request(method, route, body);
    if (result.status === 401 && this.#cookie === null) {
      await this.#signIn();
      result = await this.#request(method, route, body);
    }
    if (result.status >= 400) {
      throw new Error(
        `${method} ${route} failed with status ${result.status}: ${JSON.stringify(result.json)}`,
      );
    }
    return result;
  }

  async #request(method: string, route: string, body?: unknown) {
    const headers: Record<string, string> = { origin: this.url };
    if (this.#cookie) headers.cookie = this.#cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.url + route, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = text;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: the raw text is returned.
    }
    return { status: response.status, json, headers: response.headers };
  }

  async #signIn() {
    const child = spawn(
      process.execPath,
      [CLI, 'user', 'add', '--name', ADMIN.name, '--role', 'admin', '--db', this.dbFile],
      { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdin.end(`${ADMIN.password}\n`);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`gongkai user add failed with exit code ${code}: ${output}`);

    const result = await this.#request('POST', '/api/session', ADMIN);
    const cookie = result.headers.getSetCookie().map((header) => header.split(';')[0]);
    if (result.status >= 400 || cookie.length === 0) {
      throw new Error(
        `sign-in failed with status ${result.status}: ${JSON.stringify(result.json)}`,
      );
    }
    this.#cookie = cookie.join('; ');
  }

  #readLines(stream: NodeJS.ReadableStream) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.#takeLine(line);
    });
  }

  #takeLine(line: string) {
    if (!line) return;

    if (line.startsWith('{')) {
      try {
        this.logs.push({ ...(JSON.parse(line) as object), readAt: Date.now() });
        return;
      } catch {
        // Not a log line after all: kept as output.
      }
    }
    this.output.push(line);
  }

  async #waitHealthy(child: ChildProcess) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.#child !== child) {
        throw new Error(`server exited while starting:\n${this.output.slice(-20).join('\n')}`);
      }
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGKILL');
    throw new Error(
      `server start timed out: /healthz did not respond within ${START_TIMEOUT_MS} ms`,
    );
  }
}
