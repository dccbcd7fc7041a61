/** Hono environment of the staff API: the signed-in user set by the session middleware. */
import type { StaffUser } from './user-store.ts';

export interface AppEnv {
  Variables: {
    user: StaffUser;
  };
}
