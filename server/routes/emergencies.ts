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

export function emergencyRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono();

  app.get('/', async (c) => c.json({ emergencies: await listEmergencies(db) }));

  app.post('/', async (c) => {
    const input = await readJson(c, createEmergencySchema);
    const id = await createEmergency(db, input, now());
    logger.warn({ emergencyId: id, screens: input.screens ?? 'all' }, 'emergency notice issued');
    await hub.refresh();
    const emergency = (await listEmergencies(db)).find((row) => row.id === id);
    return c.json({ emergency }, 201);
  });

  app.post('/:id/clear', async (c) => {
    const id = idParam(c);
    await clearEmergency(db, id, now());
    logger.info({ emergencyId: id }, 'emergency notice cleared');
    await hub.refresh();
    const emergency = (await listEmergencies(db)).find((row) => row.id === id);
    return c.json({ emergency });
  });

  return app;
}

export function tickerRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono();

  app.get('/', async (c) => c.json({ tickers: await listTickers(db) }));

  app.post('/', async (c) => {
    const input = await readJson(c, createTickerSchema);
    const id = await createTicker(db, input, now());
    logger.info({ tickerId: id }, 'ticker created');
    await hub.refresh();
    return c.json({ ticker: (await listTickers(db)).find((row) => row.id === id) }, 201);
  });

  app.post('/:id/clear', async (c) => {
    const id = idParam(c);
    await clearTicker(db, id, now());
    logger.info({ tickerId: id }, 'ticker cleared');
    await hub.refresh();
    return c.json({ ticker: (await listTickers(db)).find((row) => row.id === id) });
  });

  return app;
}
