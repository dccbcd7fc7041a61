/**
 * Profile of the server during fan-out publishes: `node --import tsx test/bench/profile-fanout.ts`
 * starts the real server under `--cpu-prof`, runs the fan-out scenario against it, stops it
 * gracefully so V8 writes the profile, and prints the functions with the most self time. Sizes
 * follow BENCH_SCREENS (default 5,000) and BENCH_ROUNDS (default 3).
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchFanout } from './fanout.ts';
import { createFleet } from './fleet.ts';
import { log } from './lib.ts';

const screens = Number(process.env.BENCH_SCREENS ?? 5000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

function topFunctions(file: string, count: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: { callFrame: { functionName: string; url: string }; hitCount?: number }[];
  };
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const where = node.callFrame.url.split('/').slice(-2).join('/');
    const key = `${node.callFrame.functionName || '(anonymous)'} (${where || 'native'})`;
    byName.set(key, (byName.get(key) ?? 0) + hits);
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, hits]) => `${((hits / total) * 100).toFixed(1)} % ${key}`);
}

const fleet = await createFleet(screens);
try {
  await fleet.server.stop('SIGTERM');
  await fleet.server.start(['--cpu-prof']);
  await benchFanout(fleet, screens, rounds);
  await fleet.server.stop('SIGTERM');
  const file = fs.readdirSync(fleet.server.dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no .cpuprofile');
  log('\nserver self time during the run (connects included):');
  for (const line of topFunctions(path.join(fleet.server.dir, file), 20)) log(`  ${line}`);
} finally {
  await fleet.server.remove();
}
process.exit(0);
