/** Staff API for emergency notices and tickers; every change is pushed to the screens at once. */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import {
  clearEmergency,
  clearTicker,
  createEmergency,
  createEmergencySchema,
  createTicker,
  createTickerSchema,
  listEmergencies,
  listTickers,
} from '../emergency-store.ts';
import { idParam, readJson } from '../request-body.ts';
import type { AppEnv } from '../app-env.ts';
import { audit } from '../audit.ts';
import { allow } from '../staff-auth.ts';

export function emergencyRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => c.json({ emergencies: await listEmergencies(db) }));

  app.post('/', allow(), async (c) => {
    const input = await readJson(c, createEmergencySchema);
    const id = await createEmergency(db, input, now());
    await audit(
      db,
      c.get('user'),
      'emergency_issue',
      `emergency ${id}`,
      { title: input.title, screens: input.screens },
      now(),
    );
    logger.warn({ emergencyId: id, screens: input.screens ?? 'all' }, 'emergency notice issued');
    await hub.refresh();
    const emergency = (await listEmergencies(db)).find((row) => row.id === id);
    return c.json({ emergency }, 201);
  });

  app.post('/:id/clear', allow(), async (c) => {
    const id = idParam(c);
    await clearEmergency(db, id, now());
    await audit(db, c.get('user'), 'emergency_clear', `emergency ${id}`, {}, now());
    logger.info({ emergencyId: id }, 'emergency notice cleared');
    await hub.refresh();
    const emergency = (await listEmergencies(db)).find((row) => row.id === id);
    return c.json({ emergency });
  });

  return app;
}

export function tickerRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => c.json({ tickers: await listTickers(db) }));

  app.post('/', allow(), async (c) => {
    const input = await readJson(c, createTickerSchema);
    const id = await createTicker(db, input, now());
    await audit(db, c.get('user'), 'ticker_create', `ticker ${id}`, { text: input.text }, now());
    logger.info({ tickerId: id }, 'ticker created');
    await hub.refresh();
    return c.json({ ticker: (await listTickers(db)).find((row) => row.id === id) }, 201);
  });

  app.post('/:id/clear', allow(), async (c) => {
    const id = idParam(c);
    await clearTicker(db, id, now());
    await audit(db, c.get('user'), 'ticker_clear', `ticker ${id}`, {}, now());
    logger.info({ tickerId: id }, 'ticker cleared');
    await hub.refresh();
    return c.json({ ticker: (await listTickers(db)).find((row) => row.id === id) });
  });

  return app;
}
