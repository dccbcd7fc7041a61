/**
 * Child process: the fan-out baseline. A bare `ws` server on an HTTP server; POST /send sends the
 * request body, unchanged, to every connected socket as one text message (the same Buffer for all,
 * so the payload is built once), then answers 204. Prints its port on stdout when listening.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../../shared/protocol.ts';

const sockets = new Set<WebSocket>();
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method !== 'POST' || request.url !== '/send') {
      response.writeHead(404).end();
      return;
    }
    const payload = Buffer.concat(chunks);
    for (const socket of sockets) socket.send(payload, { binary: false });
    response.writeHead(204).end();
  });
});

server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => {});
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
