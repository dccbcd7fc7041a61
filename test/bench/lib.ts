/**
 * Shared pieces of the benchmarks: statistics, /proc readings of a child's CPU time and resident
 * memory, child processes that are always killed at exit, and the real server as a child process
 * with a signed-in administrator (the way test/support/server-process.ts does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/server-process.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH_DIR = path.join(REPO_ROOT, 'test', 'bench');
const CLI = path.join(REPO_ROOT, 'bin', 'gongkai.js');
const ADMIN = { name: 'bench-admin', password: 'bench password 2026' };
/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

export { freePort };

// ---- statistics ----

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Product figure over baseline figure, as "2.31x". */
export function ratio(product: number, baseline: number): string {
  return `${round(product / baseline, 2)}x`;
}

export function verdict(met: boolean): string {
  return met ? 'MET' : 'MISSED';
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds on a clock shared by all processes of this machine (sub-millisecond). */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

// ---- /proc ----

/** User plus system CPU time of a process, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS;
}

/** Resident set size of a process, in bytes. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

// ---- child processes ----

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

export interface ChildHandle {
  child: ChildProcess;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawn node with tsx on a script, remembered so that it dies with the bench at the latest. */
export function spawnNode(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; ipc?: boolean; stdout?: number | 'ignore' | 'inherit' } = {},
): ChildHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    stdio: [
      'ignore',
      options.stdout ?? 'ignore',
      'inherit',
      ...(options.ipc ? ['ipc' as const] : []),
    ],
    env: { ...process.env, ...options.env },
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Send a message over IPC and wait for the reply of the given type. */
export function request<T = any>(
  child: ChildProcess,
  message: { type: string; [key: string]: unknown },
  replyType: string,
  timeoutMs = 300_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no "${replyType}" from pid ${child.pid} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (reply: any) => {
      if (reply?.type === 'error') {
        clearTimeout(timer);
        child.off('message', onMessage);
        reject(new Error(`pid ${child.pid}: ${reply.message}`));
      }
      if (reply?.type !== replyType) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(reply as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

// ---- the real server ----

export class BenchServer {
  readonly dir: string;
  readonly dbFile: string;
  readonly port: number;
  readonly url: string;
  #handle: ChildHandle | null = null;
  #cookie: string | null = null;

  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.dbFile = path.join(dir, 'gongkai.sqlite');
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(): Promise<BenchServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
    return new BenchServer(dir, await freePort());
  }

  get pid(): number {
    const pid = this.#handle?.child.pid;
    if (pid === undefined) throw new Error('the server is not running');
    return pid;
  }

  /** Start `gongkai serve` (info logging, as in production, into a file) and wait for /healthz. */
  async start(nodeArgs: string[] = []): Promise<void> {
    const logFd = fs.openSync(path.join(this.dir, 'server.log'), 'a');
    const child = spawn(
      process.execPath,
      [
        ...nodeArgs,
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
        cwd: this.dir,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, LOG_LEVEL: 'info' },
      },
    );
    fs.closeSync(logFd);
    live.add(child);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        live.delete(child);
        resolve(code);
      }),
    );
    this.#handle = {
      child,
      exited,
      async kill(signal = 'SIGKILL') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited; see ${this.dir}/server.log`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    throw new Error('server did not answer /healthz within 60 s');
  }

  /** Stop the server: SIGTERM (a graceful stop, which writes a --cpu-prof), SIGKILL after 10 s. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    this.#handle = null;
    handle.child.kill(signal);
    const timer = setTimeout(() => handle.child.kill('SIGKILL'), 10_000);
    await handle.exited;
    clearTimeout(timer);
  }

  async remove(): Promise<void> {
    await this.stop('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Call the staff API as the administrator; an error status throws. */
  async api(method: string, route: string, body?: unknown): Promise<any> {
    if (this.#cookie === null) await this.#signIn();
    const response = await fetch(this.url + route, {
      method,
      headers: {
        origin: this.url,
        cookie: this.#cookie!,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 400) {
      throw new Error(`${method} ${route} failed with status ${response.status}: ${text}`);
    }
    return text ? JSON.parse(text) : null;
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
    if (code !== 0) throw new Error(`gongkai user add failed (${code}): ${output}`);

    const response = await fetch(`${this.url}/api/session`, {
      method: 'POST',
      headers: { origin: this.url, 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]);
    if (response.status >= 400 || cookie.length === 0) {
      throw new Error(`sign-in failed with status ${response.status}: ${await response.text()}`);
    }
    this.#cookie = cookie.join('; ');
  }
}

/** Run async tasks with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
