/** The server's pino logger. Tests pass their own destination to read what was logged. */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}) {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'gongkai' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Screen tokens travel in the WebSocket URL and must never reach a log line.
      redact: ['token', 'req.headers.authorization', 'req.headers.cookie', '*.token'],
    },
    options.destination,
  );
}
