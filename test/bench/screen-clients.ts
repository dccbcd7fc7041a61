/**
 * Child process: many WebSocket screens in one process, driven over IPC by the bench. Used against
 * the real server (schedules) and the bare `ws` baseline alike, so both pay the same client cost.
 *
 * Messages: connect {url, tokens, waitForSchedule} -> connected; arm -> armed (the next schedule
 * frame of every socket is timed); collect {timeoutMs} -> collected {times, bytes, missing};
 * close -> closed.
 */
import WebSocket from 'ws';

const SCHEDULE_PREFIX = Buffer.from('{"type":"schedule"');
/** Sockets opened at once while connecting, so the listen backlog is not overrun. */
const CONNECT_CONCURRENCY = 100;

interface Client {
  socket: WebSocket;
  armed: boolean;
  receivedAt: number | null;
  bytes: number;
}

const clients: Client[] = [];
let lastPayload: string | null = null;
const wallMs = () => performance.timeOrigin + performance.now();

function isSchedule(data: Buffer) {
  return (
    data.length >= SCHEDULE_PREFIX.length &&
    data.subarray(0, SCHEDULE_PREFIX.length).equals(SCHEDULE_PREFIX)
  );
}

function open(url: string, waitForSchedule: boolean): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const client: Client = { socket, armed: false, receivedAt: null, bytes: 0 };
    socket.on('message', (data: Buffer) => {
      if (!isSchedule(data)) return;
      if (!waitForSchedule && !client.armed) return;
      if (waitForSchedule) {
        waitForSchedule = false;
        resolve(client);
        return;
      }
      if (client.receivedAt === null) {
        client.receivedAt = wallMs();
        client.bytes = data.length;
        if (lastPayload === null) lastPayload = data.toString();
      }
    });
    socket.once('open', () => {
      if (!waitForSchedule) resolve(client);
    });
    socket.once('error', reject);
    socket.on('close', (code) => {
      if (waitForSchedule) reject(new Error(`closed with ${code} before the first schedule`));
    });
  });
}

async function connect(
  url: string,
  tokens: string[] | null,
  count: number,
  waitForSchedule: boolean,
) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const target = tokens ? `${url}?token=${encodeURIComponent(tokens[index]!)}` : url;
      clients.push(await open(target, waitForSchedule));
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
}

async function collect(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && clients.some((client) => client.receivedAt === null)) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const times = clients.flatMap((client) =>
    client.receivedAt === null ? [] : [client.receivedAt],
  );
  return {
    times,
    bytes: clients[0]?.bytes ?? 0,
    missing: clients.length - times.length,
    payload: lastPayload,
  };
}

process.on('message', (message: any) => {
  const reply = (body: object) => process.send!(body);
  const fail = (error: unknown) => reply({ type: 'error', message: String(error) });
  switch (message.type) {
    case 'connect':
      connect(message.url, message.tokens ?? null, message.count, message.waitForSchedule)
        .then(() => reply({ type: 'connected', count: clients.length }))
        .catch(fail);
      return;
    case 'arm':
      lastPayload = null;
      for (const client of clients) {
        client.armed = true;
        client.receivedAt = null;
      }
      reply({ type: 'armed' });
      return;
    case 'collect':
      collect(message.timeoutMs)
        .then((result) => reply({ type: 'collected', ...result }))
        .catch(fail);
      return;
    case 'close':
      for (const client of clients) client.socket.terminate();
      clients.length = 0;
      reply({ type: 'closed' });
      return;
  }
});
process.on('disconnect', () => process.exit(0));
