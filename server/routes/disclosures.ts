/** Staff API for disclosures: draft, edit (a new version), publish and withdraw. */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import {
  createDisclosure,
  createDisclosureSchema,
  editDisclosure,
  editDisclosureSchema,
  getDisclosure,
  listDisclosures,
  publishDisclosure,
  withdrawDisclosure,
} from '../disclosure-store.ts';
import { screensShowing } from '../playlist-store.ts';
import { idParam, readJson } from '../request-body.ts';

export function disclosureRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono();

  const pushToScreens = async (disclosureId: number) =>
    hub.refresh(await screensShowing(db, disclosureId));

  app.get('/', async (c) => c.json({ disclosures: await listDisclosures(db) }));

  app.get('/:id', async (c) => c.json({ disclosure: await getDisclosure(db, idParam(c)) }));

  app.post('/', async (c) => {
    const input = await readJson(c, createDisclosureSchema);
    const id = await createDisclosure(db, input, { now: now() });
    logger.info({ disclosureId: id }, 'disclosure created');
    return c.json({ disclosure: await getDisclosure(db, id) }, 201);
  });

  app.put('/:id', async (c) => {
    const id = idParam(c);
    const input = await readJson(c, editDisclosureSchema);
    await editDisclosure(db, id, input, now());
    logger.info({ disclosureId: id }, 'disclosure edited');
    await pushToScreens(id);
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  app.post('/:id/publish', async (c) => {
    const id = idParam(c);
    await publishDisclosure(db, id, now());
    logger.info({ disclosureId: id }, 'disclosure published');
    await pushToScreens(id);
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  app.post('/:id/withdraw', async (c) => {
    const id = idParam(c);
    await withdrawDisclosure(db, id, now());
    logger.info({ disclosureId: id }, 'disclosure withdrawn');
    await pushToScreens(id);
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  return app;
}
