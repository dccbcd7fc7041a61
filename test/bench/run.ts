/**
 * `npm run bench`: runs the benchmark scenarios in turn against bare baselines and prints their
 * figures. Not part of `npm test` (vitest only picks up test/**\/*.test.ts). Sizes can be lowered
 * for a quick look: BENCH_SCREENS, BENCH_ROUNDS, BENCH_SHOWINGS, BENCH_PUBLICATIONS,
 * BENCH_BACKLOG_SHOWINGS, BENCH_SLIDE_CHANGES, BENCH_RECONNECTS.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { benchDisplayFirstSlide } from './display-first-slide.ts';
import { benchDisplayMemory } from './display-memory.ts';
import { benchDisplaySize } from './display-size.ts';
import { benchFanout } from './fanout.ts';
import { createFleet } from './fleet.ts';
import { benchHeartbeat } from './heartbeat.ts';
import { benchIngest } from './ingest.ts';
import { log, REPO_ROOT, round } from './lib.ts';
import { benchQueries } from './queries.ts';
import { benchStorm } from './storm.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SCREENS = env('BENCH_SCREENS', 5000);
const ROUNDS = env('BENCH_ROUNDS', 3);
const SHOWINGS = env('BENCH_SHOWINGS', 200_000);
const PUBLICATIONS = env('BENCH_PUBLICATIONS', 1_000_000);
const DISCLOSURES = env('BENCH_DISCLOSURES', 10_000);
const BACKLOG_SHOWINGS = env('BENCH_BACKLOG_SHOWINGS', 100_000);
const SLIDE_CHANGES = env('BENCH_SLIDE_CHANGES', 5000);
const RECONNECTS = env('BENCH_RECONNECTS', 50);
const STORM_SCREENS = Math.min(SCREENS, env('BENCH_STORM_SCREENS', 2000));

function versions() {
  const version = (name: string) =>
    (
      JSON.parse(
        fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string }
    ).version;
  return ['ws', 'better-sqlite3', 'kysely', 'hono', 'zod', 'esbuild']
    .map((name) => `${name} ${version(name)}`)
    .join(', ');
}

async function main() {
  const started = performance.now();
  log(`# Gongkai benchmarks, ${new Date().toISOString()}`);
  log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ` +
      `${round(os.totalmem() / 2 ** 30)} GiB memory; Node ${process.version}; ${versions()}`,
  );

  const fleet = await createFleet(SCREENS);
  try {
    await benchFanout(fleet, SCREENS, ROUNDS);
    await benchStorm(fleet, STORM_SCREENS);
  } finally {
    await fleet.server.remove();
  }
  await benchIngest(SHOWINGS, ROUNDS);
  await benchHeartbeat(BACKLOG_SHOWINGS);
  await benchQueries(PUBLICATIONS, DISCLOSURES, 40);
  await benchDisplaySize();
  await benchDisplayFirstSlide();
  await benchDisplayMemory(SLIDE_CHANGES, RECONNECTS);
  log(`\nbench finished in ${round((performance.now() - started) / 60_000, 1)} min`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
