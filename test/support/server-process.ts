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

/** A TCP port that was free a moment ago on 127.0.0.1. */
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
    await server.start();
    return server;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Spawn the server and wait until it answers /healthz. */
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

  async api(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
    const response = await fetch(this.url + route, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = text;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: the raw text is returned.
    }
    if (response.status >= 400) {
      throw new Error(`${method} ${route} failed with ${response.status}: ${text.slice(0, 300)}`);
    }
    return { status: response.status, json };
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
    throw new Error(`server did not answer /healthz within ${START_TIMEOUT_MS} ms`);
  }
}
