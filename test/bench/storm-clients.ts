/**
 * Child process: screens built on the display's real `ScreenConnection` (its backoff with full
 * jitter, base 10 s, cap 60 s), for the reconnect storm. Messages: start {url, tokens} -> started
 * (every screen online); mark -> marked (the server goes down now); collect {timeoutMs} ->
 * collected {onlineAt} (when each screen was online again, wall-clock ms, null if never).
 */
import WebSocket from 'ws';
import { ScreenConnection, type WebSocketConstructor } from '../../display/screen-connection.ts';

// The connection logs each reconnect plan; 2,000 screens would flood the bench's output.
console.info = () => {};
console.warn = () => {};

const wallMs = () => performance.timeOrigin + performance.now();

/** `ws` with the browser's manners: an error event nobody listens to does not throw. */
class QuietSocket extends WebSocket {
  constructor(address: string) {
    super(address, { perMessageDeflate: false });
    this.on('error', () => {});
  }
}

interface Screen {
  connection: ScreenConnection;
  onlineAt: number | null;
}

const screens: Screen[] = [];

function start(url: string, tokens: string[]) {
  for (const token of tokens) {
    const screen: Screen = { connection: null as never, onlineAt: null };
    screen.connection = new ScreenConnection({
      url: `${url}?token=${encodeURIComponent(token)}`,
      onMessage: () => {},
      onPong: () => {},
      onStatus: (status) => {
        if (status === 'online' && screen.onlineAt === null) screen.onlineAt = wallMs();
      },
      WebSocketImpl: QuietSocket as unknown as WebSocketConstructor,
    });
    screens.push(screen);
    screen.connection.start();
  }
}

async function waitAll(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && screens.some((screen) => screen.onlineAt === null)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

process.on('message', (message: any) => {
  const reply = (body: object) => process.send!(body);
  switch (message.type) {
    case 'start':
      start(message.url, message.tokens);
      waitAll(120_000).then(() =>
        reply({ type: 'started', online: screens.filter((s) => s.onlineAt !== null).length }),
      );
      return;
    case 'mark':
      for (const screen of screens) screen.onlineAt = null;
      reply({ type: 'marked' });
      return;
    case 'collect':
      waitAll(message.timeoutMs).then(() =>
        reply({ type: 'collected', onlineAt: screens.map((screen) => screen.onlineAt) }),
      );
      return;
  }
});
process.on('disconnect', () => process.exit(0));
