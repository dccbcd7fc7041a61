/**
 * The display's side of pairing, without login: ask for a code, then poll until staff have entered
 * it. Creating codes is limited per address so a loop cannot fill the table.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { clientAddress } from '../forwarded.ts';
import { ApiError } from '../errors.ts';
import { pollPairing, startPairing } from '../pairing-store.ts';
import { FailureLimiter } from '../rate-limiter.ts';

/** Thirty codes per address in ten minutes: a display requests a new one every ten minutes. */
const CODE_LIMIT = { max: 30, windowMs: 10 * 60_000 };

export function pairingRoutes({ db, now, logger }: AppDeps) {
  const app = new Hono();
  const requests = new FailureLimiter(CODE_LIMIT);

  app.post('/', async (c) => {
    const address = clientAddress(c);
    const retryAfter = requests.retryAfterSeconds(address, now());
    if (retryAfter > 0) {
      logger.warn({ remote: address }, 'pairing codes requested too often');
      throw new ApiError(
        429,
        'too_many_attempts',
        `too many pairing codes requested; try again in ${retryAfter} seconds`,
        undefined,
        {
          retryAfterSeconds: retryAfter,
        },
      );
    }
    requests.fail(address, now());
    return c.json(await startPairing(db, now()), 201);
  });

  app.get('/:id', async (c) => {
    return c.json(
      await pollPairing(db, c.req.param('id'), c.req.header('x-pairing-secret'), now()),
    );
  });

  return app;
}
