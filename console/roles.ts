/** Role names in Chinese and what each role may do in the console (api-v2's route roles). */
import type { Role, User } from './api-types.ts';

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  editor: '编辑',
  reviewer: '审核',
};

export type Permission =
  | 'write' // create, edit and submit disclosures, upload images
  | 'review' // approve, return, withdraw
  | 'publish' // approve without a separate submit
  | 'manage'; // users, screens, groups, schedules, settings, audit, emergencies

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['write', 'review', 'publish', 'manage'],
  editor: ['write'],
  reviewer: ['review'],
};

export function can(user: User | null | undefined, permission: Permission): boolean {
  return user ? GRANTS[user.role].includes(permission) : false;
}
