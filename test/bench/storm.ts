/**
 * Scenario 6: a reconnect storm. Screens on the display's real `ScreenConnection` are online; the
 * server is stopped (SIGTERM, as a service manager restarts it) and started again; every screen
 * must be back within 60 s of the stop, with no more than a fifth arriving in any one second.
 */
import path from 'node:path';
import type { Fleet } from './fleet.ts';
import { BENCH_DIR, log, request, round, spawnNode, verdict, wallMs } from './lib.ts';

export async function benchStorm(fleet: Fleet, screens: number) {
  log(`\n## Scenario 6: reconnect storm of ${screens.toLocaleString('en')} screens`);
  const clients = spawnNode([path.join(BENCH_DIR, 'storm-clients.ts')], { ipc: true });
  try {
    const started = await request<any>(
      clients.child,
      {
        type: 'start',
        url: `${fleet.server.url.replace('http', 'ws')}/ws/screen`,
        tokens: fleet.tokens.slice(0, screens),
      },
      'started',
      180_000,
    );
    if (started.online !== screens) throw new Error(`only ${started.online} screens came online`);

    await request(clients.child, { type: 'mark' }, 'marked');
    const stoppedAt = wallMs();
    await fleet.server.stop('SIGTERM');
    await fleet.server.start();
    const upAfter = wallMs() - stoppedAt;
    const { onlineAt } = await request<any>(
      clients.child,
      { type: 'collect', timeoutMs: 90_000 },
      'collected',
      120_000,
    );

    const back = (onlineAt as (number | null)[]).filter((at): at is number => at !== null);
    const seconds = back.map((at) => Math.floor((at - stoppedAt) / 1000));
    const perSecond = new Map<number, number>();
    for (const second of seconds) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    const peak = Math.max(...perSecond.values());
    const last = (Math.max(...back) - stoppedAt) / 1000;
    const histogram = [...perSecond.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([second, count]) => `${second}s:${count}`)
      .join(' ');
    log(`server back up ${round(upAfter / 1000, 1)} s after the stop`);
    log(`screens online again per second after the stop: ${histogram}`);
    log(
      `${back.length}/${screens} back; last after ${round(last, 1)} s (target <= 60 s: ` +
        `${verdict(back.length === screens && last <= 60)}); peak ${peak} in one second = ` +
        `${round((100 * peak) / screens)} % (target <= 20 %: ${verdict(peak <= screens / 5)})`,
    );
    return { back: back.length, last, peak };
  } finally {
    await clients.kill();
  }
}
