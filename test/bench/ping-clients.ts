/**
 * Child process: screens that only send heartbeats. Each socket sends `{type:'ping', nonce}` every
 * `intervalMs`, the first pings staggered over one interval, and times the matching pong on this
 * process's monotonic clock, so the figures do not depend on the bench process's event loop.
 *
 * Messages: connect {url, tokens} -> connected (every socket got its first schedule);
 * start {intervalMs} -> started; stop {graceMs} -> stopped {samples: [sentAtWallMs, roundTripMs][],
 * lost}; close -> closed.
 */
import WebSocket from 'ws';

const SCHEDULE_PREFIX = '{"type":"schedule"';
const PONG_PREFIX = '{"type":"pong"';

interface Pinger {
  socket: WebSocket;
  nonce: number;
  /** Monotonic send time of each ping still without a pong, by nonce. */
  pending: Map<number, number>;
  timer: ReturnType<typeof setInterval> | undefined;
}

const pingers: Pinger[] = [];
const samples: [number, number][] = [];

function open(url: string): Promise<Pinger> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const pinger: Pinger = { socket, nonce: 0, pending: new Map(), timer: undefined };
    let scheduled = false;
    socket.on('message', (data: Buffer) => {
      const receivedAt = performance.now();
      const text = data.toString();
      if (!scheduled && text.startsWith(SCHEDULE_PREFIX)) {
        scheduled = true;
        resolve(pinger);
        return;
      }
      if (!text.startsWith(PONG_PREFIX)) return;

      const { nonce } = JSON.parse(text) as { nonce: number };
      const sentAt = pinger.pending.get(nonce);
      if (sentAt === undefined) return;
      pinger.pending.delete(nonce);
      samples.push([performance.timeOrigin + sentAt, receivedAt - sentAt]);
    });
    socket.once('error', reject);
    socket.on('close', (code) => {
      if (!scheduled) reject(new Error(`closed with ${code} before the first schedule`));
    });
  });
}

function ping(pinger: Pinger) {
  if (pinger.socket.readyState !== WebSocket.OPEN) return;
  pinger.nonce += 1;
  pinger.pending.set(pinger.nonce, performance.now());
  pinger.socket.send(JSON.stringify({ type: 'ping', nonce: pinger.nonce }));
}

function start(intervalMs: number) {
  samples.length = 0;
  pingers.forEach((pinger, index) => {
    setTimeout(
      () => {
        ping(pinger);
        pinger.timer = setInterval(() => ping(pinger), intervalMs);
      },
      (index * intervalMs) / pingers.length,
    );
  });
}

async function stop(graceMs: number) {
  for (const pinger of pingers) clearInterval(pinger.timer);
  await new Promise((resolve) => setTimeout(resolve, graceMs));
  const lost = pingers.reduce((sum, pinger) => sum + pinger.pending.size, 0);
  return { samples, lost };
}

process.on('message', (message: any) => {
  const reply = (body: object) => process.send!(body);
  const fail = (error: unknown) => reply({ type: 'error', message: String(error) });
  switch (message.type) {
    case 'connect':
      Promise.all(
        (message.tokens as string[]).map((token) =>
          open(`${message.url}?token=${encodeURIComponent(token)}`),
        ),
      )
        .then((opened) => {
          pingers.push(...opened);
          reply({ type: 'connected', count: pingers.length });
        })
        .catch(fail);
      return;
    case 'start':
      start(message.intervalMs);
      reply({ type: 'started' });
      return;
    case 'stop':
      stop(message.graceMs)
        .then((result) => reply({ type: 'stopped', ...result }))
        .catch(fail);
      return;
    case 'close':
      for (const pinger of pingers) pinger.socket.terminate();
      pingers.length = 0;
      reply({ type: 'closed' });
      return;
  }
});
process.on('disconnect', () => process.exit(0));
