/** Screen tokens: random secrets shown once; the database keeps only their SHA-256. */
import crypto from 'node:crypto';

export function generateScreenToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}
