/**
 * Scenarios 1 and 2: fan-out of one publish to N connected screens, and resident memory per idle
 * screen. The screens are WebSocket clients in a child process (test/bench/screen-clients.ts); the
 * baseline is a bare `ws` server in its own child (test/bench/bare-server.ts) sending the same
 * bytes to the same number of clients from a second client process. Rounds alternate product and
 * baseline; CPU is read from /proc/<pid>/stat of each server.
 */
import path from 'node:path';
import { type Fleet, editDisclosure, publish } from './fleet.ts';
import {
  BENCH_DIR,
  cpuMs,
  log,
  median,
  percentile,
  ratio,
  request,
  round,
  rssBytes,
  sleep,
  spawnNode,
  verdict,
  wallMs,
  type ChildHandle,
} from './lib.ts';

const CLIENTS_SCRIPT = path.join(BENCH_DIR, 'screen-clients.ts');
const BARE_SCRIPT = path.join(BENCH_DIR, 'bare-server.ts');
/** Time given to a round for every screen to receive its schedule. */
const ROUND_TIMEOUT_MS = 120_000;

interface Round {
  p50: number;
  p95: number;
  max: number;
  cpuMs: number;
  missing: number;
}

function summarise(times: number[], started: number, cpu: number, missing: number): Round {
  const latencies = times.map((time) => time - started);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    cpuMs: cpu,
    missing,
  };
}

const show = (r: Round) =>
  `p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms, max ${round(r.max)} ms, CPU ${round(r.cpuMs)} ms` +
  (r.missing ? `, ${r.missing} screens got nothing` : '');

/** Median RSS over a few samples a quarter second apart, after letting the process settle. */
async function settledRss(pid: number, settleMs: number): Promise<number> {
  await sleep(settleMs);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(pid));
    await sleep(250);
  }
  return median(samples);
}

async function startBare(): Promise<{ handle: ChildHandle; port: number }> {
  const handle = spawnNode([BARE_SCRIPT], { stdout: 'pipe' as never });
  const port = await new Promise<number>((resolve, reject) => {
    handle.child.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    handle.exited.then((code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { handle, port };
}

export async function benchFanout(fleet: Fleet, screens: number, rounds: number) {
  const { server } = fleet;
  log(
    `\n## Scenarios 1 and 2: fan-out to ${screens.toLocaleString('en')} screens, ${rounds} rounds`,
  );

  // Scenario 2, the empty side: the server with its screens created but none connected.
  const productIdle0 = await settledRss(server.pid, 2000);
  const bare = await startBare();
  const bareIdle0 = await settledRss(bare.handle.child.pid!, 500);

  const productClients = spawnNode([CLIENTS_SCRIPT], { ipc: true });
  const bareClients = spawnNode([CLIENTS_SCRIPT], { ipc: true });
  try {
    let started = performance.now();
    await request(
      productClients.child,
      {
        type: 'connect',
        url: `${server.url.replace('http', 'ws')}/ws/screen`,
        tokens: fleet.tokens.slice(0, screens),
        count: screens,
        waitForSchedule: true,
      },
      'connected',
    );
    log(
      `product: ${screens} screens connected and received their schedule in ` +
        `${round((performance.now() - started) / 1000, 1)} s`,
    );
    started = performance.now();
    await request(
      bareClients.child,
      {
        type: 'connect',
        url: `ws://127.0.0.1:${bare.port}/`,
        count: screens,
        waitForSchedule: false,
      },
      'connected',
    );
    log(`baseline: ${screens} sockets open in ${round((performance.now() - started) / 1000, 1)} s`);

    const productIdleN = await settledRss(server.pid, 5000);
    const bareIdleN = await settledRss(bare.handle.child.pid!, 1000);
    const perScreen = (productIdleN - productIdle0) / screens;
    const barePerScreen = (bareIdleN - bareIdle0) / screens;
    log(
      `memory: server RSS ${round(productIdle0 / 2 ** 20)} MiB with 0 screens, ` +
        `${round(productIdleN / 2 ** 20)} MiB with ${screens} idle: ${round(perScreen / 1024)} KiB ` +
        `per screen (target <= 16 KB: ${verdict(perScreen <= 16 * 1024)}); bare ws ` +
        `${round(barePerScreen / 1024)} KiB per socket, ratio ${ratio(perScreen, barePerScreen)}`,
    );

    const product: Round[] = [];
    const baseline: Round[] = [];
    let payload: string | null = null;
    for (let r = 1; r <= rounds; r++) {
      // Product: a new version of the disclosure every screen plays, then publish it.
      await editDisclosure(fleet, r);
      await sleep(300);
      await request(productClients.child, { type: 'arm' }, 'armed');
      let cpu0 = cpuMs(server.pid);
      let t0 = wallMs();
      const published = publish(fleet);
      const got = await request<any>(
        productClients.child,
        { type: 'collect', timeoutMs: ROUND_TIMEOUT_MS },
        'collected',
        ROUND_TIMEOUT_MS + 10_000,
      );
      await published;
      await sleep(500);
      product.push(summarise(got.times, t0, cpuMs(server.pid) - cpu0, got.missing));
      payload = got.payload ?? payload;
      if (!payload) throw new Error('no schedule arrived, so there are no bytes to replay');

      // Baseline: the same bytes to the same number of sockets.
      await sleep(300);
      await request(bareClients.child, { type: 'arm' }, 'armed');
      const barePid = bare.handle.child.pid!;
      cpu0 = cpuMs(barePid);
      t0 = wallMs();
      const sent = fetch(`http://127.0.0.1:${bare.port}/send`, { method: 'POST', body: payload });
      const bareGot = await request<any>(
        bareClients.child,
        { type: 'collect', timeoutMs: ROUND_TIMEOUT_MS },
        'collected',
        ROUND_TIMEOUT_MS + 10_000,
      );
      await sent;
      await sleep(500);
      baseline.push(summarise(bareGot.times, t0, cpuMs(barePid) - cpu0, bareGot.missing));
      log(
        `round ${r} (${Buffer.byteLength(payload)} bytes): product ${show(product.at(-1)!)}; ` +
          `baseline ${show(baseline.at(-1)!)}`,
      );
    }

    const m = (list: Round[], key: keyof Round) => median(list.map((r) => r[key]));
    const p95 = m(product, 'p95');
    const b95 = m(baseline, 'p95');
    const cpu = m(product, 'cpuMs');
    const bcpu = m(baseline, 'cpuMs');
    log(
      `median over ${rounds} rounds: product p50 ${round(m(product, 'p50'))} ms, p95 ${round(p95)} ms, ` +
        `max ${round(m(product, 'max'))} ms, CPU ${round(cpu)} ms per publish; baseline p50 ` +
        `${round(m(baseline, 'p50'))} ms, p95 ${round(b95)} ms, max ${round(m(baseline, 'max'))} ms, ` +
        `CPU ${round(bcpu)} ms`,
    );
    log(
      `ratios: p95 ${ratio(p95, b95)} (target <= 1.5x: ${verdict(p95 <= 1.5 * b95)}), CPU ` +
        `${ratio(cpu, bcpu)} (target <= 1.3x: ${verdict(cpu <= 1.3 * bcpu)})`,
    );
    return { perScreen, barePerScreen, p95, b95, cpu, bcpu };
  } finally {
    await request(productClients.child, { type: 'close' }, 'closed').catch(() => {});
    await productClients.kill();
    await bareClients.kill();
    await bare.handle.kill();
  }
}
