/**
 * Staff API for the compliance ledger (公开台账): status per item and channel, the CSV for an
 * inspector, the 及时公开 policy, staff records of channels that are not screens, and the
 * certificate of one disclosure.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { isCalendarDate } from '../../shared/shanghai-time.ts';
import type { AppDeps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { audit } from '../audit.ts';
import { loadWorkCalendar } from '../calendar-store.ts';
import {
  addChannelRecord,
  channelRecordSchema,
  listChannelRecords,
} from '../channel-record-store.ts';
import { disclosureCertificate } from '../coverage.ts';
import { computeLedger } from '../ledger.ts';
import { writeLedgerCsv } from '../ledger-csv.ts';
import { getLedgerPolicy, ledgerPolicySchema, updateLedgerPolicy } from '../ledger-policy.ts';
import { idParam, parseWith, readJson } from '../request-body.ts';
import { allow } from '../staff-auth.ts';

const rangeSchema = z
  .object({
    from: z.string().refine(isCalendarDate, 'expected a calendar date as YYYY-MM-DD').optional(),
    to: z.string().refine(isCalendarDate, 'expected a calendar date as YYYY-MM-DD').optional(),
  })
  .refine((range) => !range.from || !range.to || range.from <= range.to, {
    message: '"to" is before "from"',
    path: ['to'],
  });

const recordQuerySchema = z.object({ disclosure: z.coerce.number().int().positive().optional() });

export function ledgerRoutes({ db, now }: AppDeps) {
  const app = new Hono<AppEnv>();

  const ledgerFor = async (query: Record<string, string>) => {
    const range = parseWith(rangeSchema, query);
    const policy = await getLedgerPolicy(db);
    return computeLedger(db, {
      ...policy,
      ...range,
      now: now(),
      calendar: await loadWorkCalendar(db),
    });
  };

  app.get('/', async (c) => c.json(await ledgerFor(c.req.query())));

  app.get('/export.csv', async (c) => {
    const ledger = await ledgerFor(c.req.query());
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="ledger-${ledger.today}.csv"`);
    return c.body(writeLedgerCsv(ledger));
  });

  app.get('/policy', async (c) => c.json({ policy: await getLedgerPolicy(db) }));

  app.put('/policy', allow(), async (c) => {
    const input = await readJson(c, ledgerPolicySchema);
    await updateLedgerPolicy(db, input, now());
    await audit(db, c.get('user'), 'settings_change', 'ledger policy', { ...input }, now());
    return c.json({ policy: await getLedgerPolicy(db) });
  });

  return app;
}

export function channelRecordRoutes({ db, now }: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const query = parseWith(recordQuerySchema, c.req.query());
    return c.json({ records: await listChannelRecords(db, query.disclosure) });
  });

  app.post('/', allow('editor', 'reviewer'), async (c) => {
    const input = await readJson(c, channelRecordSchema);
    const id = await addChannelRecord(db, input, c.get('user'), now());
    await audit(
      db,
      c.get('user'),
      'channel_record',
      `disclosure ${input.disclosureId}`,
      { channel: input.channel, publishedOn: input.publishedOn },
      now(),
    );
    const record = (await listChannelRecords(db, input.disclosureId)).find((row) => row.id === id);
    return c.json({ record }, 201);
  });

  return app;
}

export function certificateRoute({ db, now }: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/:id/certificate', async (c) =>
    c.json({ certificate: await disclosureCertificate(db, idParam(c), now()) }),
  );
  return app;
}
