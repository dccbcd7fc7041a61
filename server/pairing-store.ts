/**
 * Pairing a display with a six-digit code: an unpaired display asks for a code and shows it; staff
 * enter the code in the console, which creates the screen; the display then fetches its token once
 * with the pairing secret, so the token is never typed.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { ApiError, notFound } from './errors.ts';
import { hashToken } from './tokens.ts';
import { formatInstant } from './api-time.ts';

export const PAIRING_TTL_MS = 10 * 60_000;

function randomCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

export async function startPairing(db: Kysely<Database>, now: number) {
  await db
    .deleteFrom('pairing')
    .where('expires_at', '<', now - PAIRING_TTL_MS)
    .execute();

  // A code is unique among the codes still open; with a million codes a clash is rare.
  let code = randomCode();
  for (let attempt = 0; attempt < 20; attempt++) {
    const clash = await db
      .selectFrom('pairing')
      .select('id')
      .where('code', '=', code)
      .where('expires_at', '>', now)
      .where('screen_id', 'is', null)
      .executeTakeFirst();
    if (!clash) break;
    code = randomCode();
  }

  const id = crypto.randomBytes(16).toString('base64url');
  const secret = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('pairing')
    .values({
      id,
      secret_hash: hashToken(secret),
      code,
      created_at: now,
      expires_at: now + PAIRING_TTL_MS,
      screen_id: null,
      pending_token: null,
    })
    .execute();
  return { pairingId: id, secret, code, expiresAt: formatInstant(now + PAIRING_TTL_MS) };
}

/** Return the pairing's state for the display, with the new screen's token the first time only. */
export async function pollPairing(
  db: Kysely<Database>,
  id: string,
  secret: string | undefined,
  now: number,
) {
  const pairing = await db
    .selectFrom('pairing')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!pairing || !secret || hashToken(secret) !== pairing.secret_hash)
    throw notFound('pairing', id);

  if (pairing.screen_id !== null) {
    if (pairing.pending_token === null) return { status: 'paired' as const };
    await db.updateTable('pairing').set({ pending_token: null }).where('id', '=', id).execute();
    return { status: 'paired' as const, token: pairing.pending_token };
  }
  if (pairing.expires_at <= now) return { status: 'expired' as const };
  return {
    status: 'waiting' as const,
    code: pairing.code,
    expiresAt: formatInstant(pairing.expires_at),
  };
}

/** Find the open pairing for a code, or fail with `invalid_code`. */
export async function openPairingByCode(db: Kysely<Database>, code: string, now: number) {
  const pairing = await db
    .selectFrom('pairing')
    .selectAll()
    .where('code', '=', code)
    .where('expires_at', '>', now)
    .where('screen_id', 'is', null)
    .executeTakeFirst();
  if (!pairing) {
    throw new ApiError(
      404,
      'invalid_code',
      `no display is waiting with code ${code}; check the code on the screen, or reload the display for a new one`,
      'code',
    );
  }
  return pairing;
}

export async function completePairing(
  db: Kysely<Database>,
  pairingId: string,
  screenId: number,
  token: string,
) {
  await db
    .updateTable('pairing')
    .set({ screen_id: screenId, pending_token: token })
    .where('id', '=', pairingId)
    .execute();
}
