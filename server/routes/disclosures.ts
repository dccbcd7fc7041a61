/** Staff API for disclosures: drafts, edits, review (submit, approve, return), publish, withdraw. */
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { audit } from '../audit.ts';
import {
  approveDisclosure,
  createDisclosure,
  createDisclosureSchema,
  editDisclosure,
  editDisclosureSchema,
  getDisclosure,
  listDisclosures,
  publishDisclosure,
  returnDisclosure,
  returnDisclosureSchema,
  submitDisclosure,
  withdrawDisclosure,
} from '../disclosure-store.ts';
import { idParam, readJson } from '../request-body.ts';
import { screensShowing } from '../schedule-store.ts';
import { getCommitteeSettings } from '../settings-store.ts';
import { allow } from '../staff-auth.ts';

export function disclosureRoutes({ db, hub, now, logger }: AppDeps) {
  const app = new Hono<AppEnv>();

  const pushToScreens = async (disclosureId: number) =>
    hub.refresh(await screensShowing(db, disclosureId));

  app.get('/', async (c) => c.json({ disclosures: await listDisclosures(db) }));

  app.get('/:id', async (c) => c.json({ disclosure: await getDisclosure(db, idParam(c)) }));

  app.post('/', allow('editor'), async (c) => {
    const user = c.get('user');
    const input = await readJson(c, createDisclosureSchema);
    const id = await createDisclosure(db, input, { now: now(), authorId: user.id });
    logger.info({ disclosureId: id, userId: user.id }, 'disclosure created');
    await audit(
      db,
      user,
      'disclosure_create',
      `disclosure ${id}`,
      { title: input.title, catalogItem: input.catalogItem },
      now(),
    );
    return c.json({ disclosure: await getDisclosure(db, id) }, 201);
  });

  app.put('/:id', allow('editor'), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    const input = await readJson(c, editDisclosureSchema);
    await editDisclosure(db, id, input, { now: now(), userId: user.id });
    logger.info({ disclosureId: id, userId: user.id }, 'disclosure edited');
    await audit(
      db,
      user,
      'disclosure_edit',
      `disclosure ${id}`,
      { fields: Object.keys(input) },
      now(),
    );
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  app.post('/:id/submit', allow('editor'), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    await submitDisclosure(db, id, now());
    await audit(db, user, 'disclosure_submit', `disclosure ${id}`, {}, now());
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  app.post('/:id/approve', allow('reviewer'), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    const settings = await getCommitteeSettings(db);
    await approveDisclosure(
      db,
      id,
      { id: user.id, requireDifferentApprover: settings.requireDifferentApprover },
      now(),
    );
    logger.info({ disclosureId: id, userId: user.id }, 'disclosure approved');
    await audit(db, user, 'disclosure_approve', `disclosure ${id}`, {}, now());
    await pushToScreens(id);
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  app.post('/:id/return', allow('reviewer'), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    const { comment } = await readJson(c, returnDisclosureSchema);
    await returnDisclosure(db, id, { id: user.id, comment }, now());
    await audit(db, user, 'disclosure_return', `disclosure ${id}`, { comment }, now());
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  app.post('/:id/publish', allow(), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    await publishDisclosure(db, id, now(), user.id);
    logger.info({ disclosureId: id, userId: user.id }, 'disclosure published');
    await audit(db, user, 'disclosure_publish', `disclosure ${id}`, {}, now());
    await pushToScreens(id);
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  app.post('/:id/withdraw', allow('reviewer'), async (c) => {
    const user = c.get('user');
    const id = idParam(c);
    await withdrawDisclosure(db, id, now());
    logger.info({ disclosureId: id, userId: user.id }, 'disclosure withdrawn');
    await audit(db, user, 'disclosure_withdraw', `disclosure ${id}`, {}, now());
    await pushToScreens(id);
    return c.json({ disclosure: await getDisclosure(db, id) });
  });

  return app;
}
